// Content updates over the network: the core fetches, verifies and applies in one transaction,
// reporting progress; the holder turns that into UI state and can cancel. Used by the settings
// screen and by the background worker alike.
package org.safar.app.state

import uniffi.safar_ffi.CancelToken
import uniffi.safar_ffi.SafarAppInterface
import uniffi.safar_ffi.SyncListener

sealed interface SyncState {
    data object Idle : SyncState

    /** This build has no update server configured: updates come only as bundles. */
    data object NotConfigured : SyncState

    /** [bytesTotal] 0: not known yet. */
    data class Running(val bytesDone: Long, val bytesTotal: Long, val collection: String) : SyncState

    data class Done(
        val seq: Long,
        val previousSeq: Long?,
        val bytesDownloaded: Long,
        val updatedCollections: List<String>,
        val removedCollections: List<String>,
        val upToDate: Boolean,
        val reportsSent: Int,
    ) : SyncState

    /** The user (or the system, for background work) stopped it; the last good content stays. */
    data object Cancelled : SyncState

    /** Nothing was changed; the last good content stays. */
    data class Failed(val error: UiError) : SyncState
}

/**
 * [updateUrl]: the repository this build syncs from (blank: none). [onChange] is called with every
 * new state, progress included, from the syncing thread.
 */
class SyncStateHolder(
    private val core: SafarAppInterface,
    private val updateUrl: String,
    private val onChange: (SyncState) -> Unit = {},
) : StateHolder<SyncState> {
    @Volatile
    override var state: SyncState = if (updateUrl.isBlank()) SyncState.NotConfigured else SyncState.Idle
        private set

    @Volatile
    private var token: CancelToken? = null

    private fun publish(next: SyncState) {
        state = next
        onChange(next)
    }

    /** Blocks until the update is applied, fails or is cancelled. */
    fun sync(): SyncState {
        if (updateUrl.isBlank()) return state
        val cancel = CancelToken()
        token = cancel
        publish(SyncState.Running(0, 0, ""))
        val listener =
            object : SyncListener {
                override fun onProgress(bytesDone: ULong, bytesTotal: ULong, collection: String) {
                    if (!cancel.isCancelled()) {
                        publish(SyncState.Running(bytesDone.toLong(), bytesTotal.toLong(), collection))
                    }
                }
            }
        val result = load { core.sync(updateUrl, listener, cancel) }
        token = null
        publish(
            // A sync that finished despite a late cancel did apply: say so, not "cancelled".
            when {
                result is Loadable.Ready ->
                    with(result.value) {
                        SyncState.Done(
                            seq.toLong(), previousSeq?.toLong(), bytesDownloaded.toLong(), updatedCollections,
                            removedCollections, upToDate, reportsSent.toInt(),
                        )
                    }
                cancel.isCancelled() -> SyncState.Cancelled
                result is Loadable.Failed -> SyncState.Failed(result.error)
                else -> SyncState.Idle
            },
        )
        return state
    }

    /** Safe from any thread, e.g. the UI's "Stop" button or WorkManager stopping the worker. */
    fun cancel() {
        token?.cancel()
    }
}
