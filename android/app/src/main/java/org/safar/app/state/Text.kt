// Styled text and links from the core's TextSpan / Link records, and the `hotline:<id>` /
// `service:<id>` help references, as UI models.
package org.safar.app.state

import uniffi.safar_ffi.Link
import uniffi.safar_ffi.TextSpan

/** Where a tap goes. The core resolves links; the shell only follows them. */
sealed interface LinkTarget {
    data class Article(val group: String) : LinkTarget

    data class Hotline(val id: String) : LinkTarget

    data class Service(val id: String) : LinkTarget

    /** A `tel:` URI for the dialer. */
    data class Phone(val number: String) : LinkTarget

    /** An audio attachment (by sha256); this version of the shells does not play audio yet. */
    data class Audio(val sha256: String) : LinkTarget

    data class Web(val url: String) : LinkTarget

    /** A link kind newer than this app: shown as plain text. */
    data class Unsupported(val kind: String, val target: String) : LinkTarget

    companion object {
        fun of(link: Link): LinkTarget =
            when (link.kind) {
                "article" -> Article(link.target)
                "hotline" -> Hotline(link.target)
                "service" -> Service(link.target)
                "tel" -> Phone(link.target)
                "audio" -> Audio(link.target)
                "web" -> Web(link.target)
                else -> Unsupported(link.kind, link.target)
            }

        /** An article's help reference (`hotline:ru-emergency`, `service:tj-…`). */
        fun ofHelpReference(reference: String): LinkTarget {
            val kind = reference.substringBefore(':', "")
            val id = reference.substringAfter(':', "")
            return of(Link(kind, id))
        }
    }
}

/** A run of text with one style. */
data class Span(val text: String, val strong: Boolean, val emphasis: Boolean, val link: LinkTarget?)

/** A paragraph's worth of spans; [plain] is the text without styling (for accessibility). */
data class StyledText(val spans: List<Span>) {
    val plain: String
        get() = spans.joinToString("") { it.text }

    companion object {
        fun of(spans: List<TextSpan>) =
            StyledText(spans.map { Span(it.text, it.strong, it.emphasis, it.link?.let(LinkTarget::of)) })
    }
}
