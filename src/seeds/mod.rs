//! The models of the seed tutorials, declared with `#[derive(Relations)]`.
//!
//! One module per seed; the examples and the integration tests share them.

pub mod blog;
pub mod invoicing;
pub mod shop;
pub mod teams;
