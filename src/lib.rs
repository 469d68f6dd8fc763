//! The seed schemas and models of diesel-relations, shared by `examples/`
//! and `tests/`.
//!
//! Each module of [`seeds`] is one of the tutorials the project started from,
//! declared with `#[derive(Relations)]`; [`db`] opens a database of any
//! backend with the seed migrations applied.

pub mod db;
pub mod schema;
pub mod seeds;

/// Prints a string the way Python's `repr` does, so the examples can print
/// exactly what the SQLAlchemy tutorials print.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A list of strings as Python prints it: `['a', 'b']`.
pub fn py_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(py_repr).collect();
    format!("[{}]", items.join(", "))
}
