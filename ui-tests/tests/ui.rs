//! The checker's contract: every `fail/*.rs` must not compile, with exactly
//! the message in its `.stderr` (each read by a person before it was
//! committed); every `pass/*.rs` must compile.
//!
//! Regenerate a snapshot after a deliberate change with
//! `TRYBUILD=overwrite cargo test -p diesel-relations-ui-tests`, then read it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/*.rs");
}
