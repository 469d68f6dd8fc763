//! Whether a model's key sorts the same in Rust as in SQL, and the sort
//! key that says so: a collection's eager load on a backend that sorts a
//! long key list's children expensively ([`crate::keys::KeyList::SORT_IN_RUST`])
//! asks for them unordered and puts each parent's children in key order
//! itself. Only integer keys qualify: `ORDER BY` on an integer column is
//! numeric on every backend, as Rust's `Ord` on `i16`/`i32`/`i64` is,
//! while text sorts by a collation Rust does not know, and other types
//! (floats, decimals, dates as text, custom Rust types) are left to SQL.

use std::any::{Any, TypeId};

/// A key as three integers compared in order: the key's columns, the
/// unused ones zero. Keys of one model all have the same number of
/// columns, so the padding never decides a comparison.
pub(crate) type SortKey = [i64; 3];

/// An integer column's value as `i64`, which keeps its order.
trait Integer: Copy + 'static {
    fn wide(self) -> i64;
}

macro_rules! integer {
    ($($t:ty)*) => {$(
        impl Integer for $t {
            fn wide(self) -> i64 {
                i64::from(self)
            }
        }
    )*};
}
integer!(i16 i32 i64);

fn one<K: 'static, A: Integer>(key: &K) -> SortKey {
    let any: &dyn Any = key;
    // Chosen by `K`'s TypeId, so the downcast always holds.
    any.downcast_ref::<A>().map_or([0; 3], |a| [a.wide(), 0, 0])
}

fn two<K: 'static, A: Integer, B: Integer>(key: &K) -> SortKey {
    let any: &dyn Any = key;
    any.downcast_ref::<(A, B)>()
        .map_or([0; 3], |(a, b)| [a.wide(), b.wide(), 0])
}

fn three<K: 'static, A: Integer, B: Integer, C: Integer>(key: &K) -> SortKey {
    let any: &dyn Any = key;
    any.downcast_ref::<(A, B, C)>()
        .map_or([0; 3], |(a, b, c)| [a.wide(), b.wide(), c.wide()])
}

/// `K`'s sort key, where Rust's order of `K` is provably SQL's: `K` is an
/// integer or a tuple of two or three of them (the key of an integer
/// column or of a composite key of integer columns). `None` for any other
/// type, whose rows are then ordered by the database.
pub(crate) fn integer_order<K: 'static>() -> Option<fn(&K) -> SortKey> {
    let id = TypeId::of::<K>();
    macro_rules! pick {
        (one $($a:ty)*) => {$(
            if id == TypeId::of::<$a>() { return Some(one::<K, $a>); }
        )*};
        (two $a:ty; $($b:ty)*) => {$(
            if id == TypeId::of::<($a, $b)>() { return Some(two::<K, $a, $b>); }
        )*};
        (three $a:ty, $b:ty; $($c:ty)*) => {$(
            if id == TypeId::of::<($a, $b, $c)>() { return Some(three::<K, $a, $b, $c>); }
        )*};
    }
    pick!(one i32 i64 i16);
    pick!(two i32; i32 i64 i16);
    pick!(two i64; i32 i64 i16);
    pick!(two i16; i32 i64 i16);
    pick!(three i32, i32; i32 i64 i16);
    pick!(three i32, i64; i32 i64 i16);
    pick!(three i64, i32; i32 i64 i16);
    pick!(three i64, i64; i32 i64 i16);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_their_tuples_sort_as_in_sql() {
        let single = integer_order::<i32>().expect("i32 qualifies");
        assert!(single(&-5) < single(&3));
        let pair = integer_order::<(i64, i16)>().expect("(i64, i16) qualifies");
        assert!(pair(&(1, 9)) < pair(&(2, -1)));
        assert!(pair(&(2, -1)) < pair(&(2, 0)));
        let triple = integer_order::<(i32, i32, i64)>().expect("qualifies");
        assert!(triple(&(1, 1, i64::MIN)) < triple(&(1, 1, 0)));
    }

    #[test]
    fn other_keys_are_left_to_sql() {
        assert!(integer_order::<String>().is_none());
        assert!(integer_order::<(i32, String)>().is_none());
        assert!(integer_order::<f64>().is_none());
        assert!(integer_order::<u64>().is_none());
    }
}
