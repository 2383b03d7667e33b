// Sharing content without the internet: import a `.safar` bundle (SD card, another phone, the
// share sheet) and export the phone's content as one. The core verifies every import like an
// update; a rejected bundle changes nothing.
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface

sealed interface TransferState {
    data object Idle : TransferState

    /** [upToDate]: the bundle had nothing newer than the phone. */
    data class Imported(
        val seq: Long,
        val previousSeq: Long?,
        val updatedCollections: List<String>,
        val removedCollections: List<String>,
        val records: Long,
        val upToDate: Boolean,
    ) : TransferState

    data class Exported(val path: String, val bytes: Long, val collections: Int) : TransferState

    /** A [ErrorKind.Rejected] error means the bundle is forged, damaged or older: nothing changed. */
    data class Failed(val error: UiError) : TransferState
}

class TransferStateHolder(private val core: SafarAppInterface) : StateHolder<TransferState> {
    override var state: TransferState = TransferState.Idle
        private set

    /** [path]: a local file the app copied the picked or shared document to. */
    fun importBundle(path: String): TransferState {
        state =
            when (val r = load { core.importBundle(path) }) {
                is Loadable.Ready ->
                    with(r.value) {
                        TransferState.Imported(
                            seq.toLong(), previousSeq?.toLong(), updatedCollections, removedCollections,
                            records.toLong(), upToDate,
                        )
                    }
                is Loadable.Failed -> TransferState.Failed(r.error)
                Loadable.Loading -> state
            }
        return state
    }

    /** [path]: where to write the bundle (the app then hands it to the share sheet). */
    fun exportBundle(path: String): TransferState {
        state =
            when (val r = load { core.exportBundle(path) }) {
                is Loadable.Ready ->
                    TransferState.Exported(r.value.path, r.value.bytes.toLong(), r.value.collections.toInt())
                is Loadable.Failed -> TransferState.Failed(r.error)
                Loadable.Loading -> state
            }
        return state
    }

    fun reset() {
        state = TransferState.Idle
    }
}
