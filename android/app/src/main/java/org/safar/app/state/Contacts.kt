// Ways to reach a hotline or service: numbers to dial (the core builds the tel: URI) and
// messenger links.
package org.safar.app.state

import uniffi.safar_ffi.MessengerEntry
import uniffi.safar_ffi.PhoneEntry

/**
 * [free] null: the content does not say whether the call is free. [telUri] null: the core refused
 * the number (not plainly dialable, e.g. a `*21*…#` code): show [display] as text, never dial it.
 */
data class PhoneItem(val display: String, val telUri: String?, val free: Boolean?) {
    companion object {
        fun of(p: PhoneEntry) = PhoneItem(p.display, p.telUri, p.free)
    }
}

/** [uri] null: the core refused the handle; there is nothing to open. */
data class MessengerItem(val kind: String, val uri: String?) {
    companion object {
        fun of(m: MessengerEntry) = MessengerItem(m.kind, m.uri)
    }
}

/** Whether a line or office is open, exactly as the core judged it (in the record's time zone). */
sealed interface OpenBadge {
    data object AlwaysOpen : OpenBadge

    /** [closesAt]: ISO timestamp, when the core gives one. */
    data class OpenNow(val closesAt: String?) : OpenBadge

    /** [nextOpening]: ISO timestamp, when the core gives one. */
    data class Closed(val nextOpening: String?) : OpenBadge

    /** The content gives no hours (some services). */
    data object NoHours : OpenBadge
}
