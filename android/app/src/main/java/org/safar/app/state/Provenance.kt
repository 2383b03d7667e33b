// Where a hotline, service, quote or checklist rule comes from and how much to trust it. The core
// judges staleness; the shell shows the source, the date and the flag, never hides them.
package org.safar.app.state

enum class Verification {
    /** A person checked it against the source on the stated date. */
    Verified,

    /** Taken from the source, not checked by a person. */
    Unverified,

    /** Invented for development: never real. */
    Sample,

    /** A status newer than this app: shown like unverified. */
    Unknown,
    ;

    companion object {
        fun of(status: String) =
            when (status) {
                "verified" -> Verified
                "unverified" -> Unverified
                "sample" -> Sample
                else -> Unknown
            }
    }
}

data class Provenance(
    val source: String,
    /** ISO date, or null where the core gives none (checklist rules carry only the source). */
    val verifiedAt: String?,
    val verification: Verification,
    val ageDays: Long?,
    /** Checked longer ago than the content allows: shown with a warning. */
    val stale: Boolean,
)
