//! Collects every error of one derive, so a user sees all their mistakes at
//! once instead of fixing them one compile at a time, and remembers which
//! relationship each belongs to, so that the derive can still write the
//! others (a mistake in one relationship is its only error).

use std::cell::RefCell;

#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<(syn::Error, Option<String>)>>,
    /// The relationship being judged, set by [`Ctxt::scope`].
    current: RefCell<Option<String>>,
    /// Relationships whose name another derive's code defines too.
    taken: RefCell<Vec<String>>,
}

/// While alive, the errors recorded belong to one relationship.
pub struct Scope<'a> {
    cx: &'a Ctxt,
    before: Option<String>,
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        *self.cx.current.borrow_mut() = self.before.take();
    }
}

/// Which relationships the recorded errors belong to.
pub struct Faults {
    /// The names of the relationships with a mistake.
    pub relationships: Vec<String>,
    /// Whether some error belongs to the model rather than to one of its
    /// relationships (then nothing of the model is written).
    pub model: bool,
    /// Of those, the ones whose name a backref of another model defines
    /// already: they get no stand-in accessor, which would be a second one.
    pub taken: Vec<String>,
}

impl Ctxt {
    /// Attributes the errors recorded until the guard drops to the
    /// relationship `name`.
    pub fn scope(&self, name: &syn::Ident) -> Scope<'_> {
        let before = self.current.replace(Some(name.to_string()));
        Scope { cx: self, before }
    }

    fn push(&self, error: syn::Error) {
        let at = self.current.borrow().clone();
        self.errors.borrow_mut().push((error, at));
    }

    /// Records an error at the span of `tokens`.
    pub fn error_spanned_by<T: quote::ToTokens, M: std::fmt::Display>(
        &self,
        tokens: T,
        message: M,
    ) {
        self.push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error produced by syn or darling.
    pub fn syn_error(&self, error: syn::Error) {
        self.push(error);
    }

    /// Records that another derive defines an accessor of `name` on this
    /// model (a backref claiming a declared name).
    pub fn name_taken(&self, name: &syn::Ident) {
        self.taken.borrow_mut().push(name.to_string());
    }

    /// Where the errors so far are.
    pub fn faults(&self) -> Faults {
        let errors = self.errors.borrow();
        let mut relationships: Vec<String> = Vec::new();
        let mut model = false;
        for (_, at) in errors.iter() {
            match at {
                Some(name) if !relationships.contains(name) => relationships.push(name.clone()),
                Some(_) => {}
                None => model = true,
            }
        }
        Faults {
            relationships,
            model,
            taken: self.taken.borrow().clone(),
        }
    }

    /// All errors combined into one, or `Ok` if there were none.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner().into_iter().map(|(e, _)| e);
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}
