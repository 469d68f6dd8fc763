//! The models of the seed tutorials, declared with `#[derive(Relations)]`.
//!
//! One module per seed (and one for the Chinook-shaped schema); the examples
//! and the integration tests share them.

pub mod associations;
pub mod blog;
pub mod books;
pub mod chinook;
pub mod clubs;
pub mod dockets;
pub mod invoicing;
pub mod lending;
pub mod line_links;
pub mod order_cascades;
pub mod order_lines;
pub mod parents;
pub mod shipping;
pub mod shop;
pub mod teams;
pub mod valid;
