//! Compile-fail and pass cases live in fail/ and pass/; tests/ui.rs runs them.
