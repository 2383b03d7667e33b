// Screen state holders: plain Kotlin (no android.* / androidx.* imports) so they compile and are
// tested on the JVM against the real core (tests/android-state). Each holder calls the core and
// maps its results to immutable UI state; the core decides everything else (what applies, what is
// open, what costs what). Every method blocks: the app calls them on Dispatchers.IO, one at a time.
package org.safar.app.state

import uniffi.safar_ffi.SafarException

/** A screen's state holder: [state] is the immutable state the UI draws. */
interface StateHolder<S> {
    val state: S
}

/** What can go wrong, as the UI words it. [message] is the core's own text, fit to show. */
enum class ErrorKind { InvalidInput, NotFound, Rejected, Storage, Internal }

data class UiError(val kind: ErrorKind, val message: String)

/** The result of one core call as a screen shows it. */
sealed interface Loadable<out T> {
    data object Loading : Loadable<Nothing>

    data class Ready<T>(val value: T) : Loadable<T>

    data class Failed(val error: UiError) : Loadable<Nothing>
}

fun SafarException.toUiError(): UiError {
    val kind =
        when (this) {
            is SafarException.InvalidInput -> ErrorKind.InvalidInput
            is SafarException.NotFound -> ErrorKind.NotFound
            is SafarException.Rejected -> ErrorKind.Rejected
            is SafarException.Storage -> ErrorKind.Storage
            is SafarException.Internal -> ErrorKind.Internal
        }
    return UiError(kind, message ?: kind.name)
}

/** Runs one blocking core call; the core's typed errors become [Loadable.Failed]. */
inline fun <T> load(call: () -> T): Loadable<T> =
    try {
        Loadable.Ready(call())
    } catch (e: SafarException) {
        Loadable.Failed(e.toUiError())
    }

/** Runs one blocking core call that returns nothing: null on success, the error otherwise. */
inline fun attempt(call: () -> Unit): UiError? =
    try {
        call()
        null
    } catch (e: SafarException) {
        e.toUiError()
    }
