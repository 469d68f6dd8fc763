// The hidden second line of the `async` feature's doctests, after setup.rs:
//
//     # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doctest/async_setup.rs"));
//
// `async_connection()`: setup.rs's in-memory SQLite behind diesel-async's
// `SyncConnectionWrapper`, which runs each query on a "blocking task";
// here the task runs in place, so `run(future)` needs no runtime (the
// crate does not depend on one; tests/async runs the same loads on tokio).

#[allow(dead_code)]
struct InPlace;

impl diesel_async::sync_connection_wrapper::SpawnBlocking for InPlace {
    fn spawn_blocking<'a, R>(
        &mut self,
        task: impl FnOnce() -> R + Send + 'static,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<
                    Output = Result<R, Box<dyn std::error::Error + Send + Sync + 'static>>,
                > + Send
                + 'a,
        >,
    >
    where
        R: Send + 'static,
    {
        let out = task();
        Box::pin(std::future::ready(Ok(out)))
    }
    fn get_runtime() -> Self {
        InPlace
    }
}

#[allow(dead_code)]
type AsyncSqlite =
    diesel_async::sync_connection_wrapper::SyncConnectionWrapper<SqliteConnection, InPlace>;

#[allow(dead_code)]
fn async_connection() -> AsyncSqlite {
    AsyncSqlite::with_runtime(connection(), InPlace)
}

/// Polls `future` to its end on this thread.
#[allow(dead_code)]
fn run<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}
