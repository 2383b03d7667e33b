// An article's block tree (the core renders Markdown; the shell needs no Markdown engine) as UI
// models the Compose screen draws one by one.
package org.safar.app.state

import uniffi.safar_ffi.ContentBlock

enum class CalloutKind { Note, Tip, Important, Warning, Caution }

sealed interface ArticleBlock {
    data class Heading(val level: Int, val text: StyledText) : ArticleBlock

    data class Paragraph(val text: StyledText) : ArticleBlock

    /** [number] null: a bullet. [depth] 0 is top level. */
    data class ListItem(val number: Long?, val depth: Int, val text: StyledText) : ArticleBlock

    data class Callout(val kind: CalloutKind, val paragraphs: List<StyledText>) : ArticleBlock

    data class Quote(val paragraphs: List<StyledText>) : ArticleBlock

    /** Images are not downloaded on the phone's data: the shell shows [alt]. */
    data class Image(val src: String, val alt: String) : ArticleBlock

    data object Rule : ArticleBlock

    companion object {
        fun of(block: ContentBlock): ArticleBlock =
            when (block) {
                is ContentBlock.Heading -> Heading(block.level.toInt(), StyledText.of(block.spans))
                is ContentBlock.Paragraph -> Paragraph(StyledText.of(block.spans))
                is ContentBlock.ListItem ->
                    ListItem(
                        number = block.number.toLong().takeIf { block.number != 0uL },
                        depth = block.depth.toInt(),
                        text = StyledText.of(block.spans),
                    )
                is ContentBlock.Callout -> Callout(calloutKind(block.kind), block.paragraphs.map(StyledText::of))
                is ContentBlock.Quote -> Quote(block.paragraphs.map(StyledText::of))
                is ContentBlock.Image -> Image(block.src, block.alt)
                is ContentBlock.Rule -> Rule
            }

        /** Unknown kinds (newer content) are drawn as a note rather than dropped. */
        private fun calloutKind(kind: String) =
            when (kind) {
                "tip" -> CalloutKind.Tip
                "important" -> CalloutKind.Important
                "warning" -> CalloutKind.Warning
                "caution" -> CalloutKind.Caution
                else -> CalloutKind.Note
            }
    }
}
