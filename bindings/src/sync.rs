//! Sync over HTTP with progress and cancellation, and bundle export, for the shells.

use std::sync::Arc;

/// Stops a running sync at its next read; the content stays as it was.
#[derive(uniffi::Object)]
pub struct CancelToken {
    pub(crate) inner: safar_core::sync::http::CancelToken,
}

#[uniffi::export]
impl CancelToken {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CancelToken {
            inner: safar_core::sync::http::CancelToken::new(),
        })
    }
    pub fn cancel(&self) {
        self.inner.cancel();
    }
    pub fn is_cancelled(&self) -> bool {
        self.inner.is_cancelled()
    }
}

/// Progress of a sync, called on the syncing thread (post to the UI thread yourself).
/// `bytes_total` is 0 while unknown.
#[uniffi::export(with_foreign)]
pub trait SyncListener: Send + Sync {
    fn on_progress(&self, bytes_done: u64, bytes_total: u64, collection: String);
}

/// Adapts the shell's listener to the core's progress trait.
pub(crate) struct Progress(pub Option<Arc<dyn SyncListener>>);

impl safar_core::sync::http::SyncProgress for Progress {
    fn on_progress(&self, e: &safar_core::sync::http::SyncProgressEvent) {
        if let Some(listener) = &self.0 {
            let label = e.collection.clone().unwrap_or_else(|| e.file.clone());
            // A shell callback that throws must not abort the sync.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                listener.on_progress(e.file_bytes, e.file_total.unwrap_or(0), label)
            }));
        }
    }
}

/// What a sync did. `bytes_downloaded` counts every byte received.
#[derive(Debug, Clone, uniffi::Record)]
pub struct SyncSummary {
    pub seq: u64,
    pub previous_seq: Option<u64>,
    pub bytes_downloaded: u64,
    pub updated_collections: Vec<String>,
    pub removed_collections: Vec<String>,
    pub up_to_date: bool,
    pub reports_sent: u32,
}

impl From<safar_core::sync::update::SyncReport> for SyncSummary {
    fn from(r: safar_core::sync::update::SyncReport) -> Self {
        SyncSummary {
            seq: r.seq,
            previous_seq: r.previous_seq,
            bytes_downloaded: r.bytes_downloaded,
            updated_collections: r.collections_updated.into_iter().map(|c| c.name).collect(),
            removed_collections: r.collections_removed,
            up_to_date: r.up_to_date,
            reports_sent: r.reports_sent.min(u32::MAX as u64) as u32,
        }
    }
}

/// What an export wrote: a `.safar` file another phone verifies on import.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ExportSummary {
    pub path: String,
    pub bytes: u64,
    pub collections: u32,
}

impl From<safar_core::sync::export::ExportReport> for ExportSummary {
    fn from(r: safar_core::sync::export::ExportReport) -> Self {
        ExportSummary {
            path: r.file,
            bytes: r.bytes,
            collections: r.collections.len() as u32,
        }
    }
}
