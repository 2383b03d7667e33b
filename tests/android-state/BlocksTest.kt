import org.safar.app.state.ArticleBlock
import org.safar.app.state.CalloutKind
import org.safar.app.state.LinkTarget
import org.safar.app.state.StyledText
import uniffi.safar_ffi.ContentBlock

object BlocksTest : Suite {
    override fun run(t: Tests) {
        t.test("every block of every article maps to a UI block of the same kind and text") {
            val app = t.freshApp("blocks", profile(languages = listOf("tg", "ru")))
            val groups = app.guide(null).map { it.group }
            check(groups.size >= 5) { "sample articles: $groups" }
            var blocks = 0
            for (group in groups) {
                for (block in app.article(group).blocks) {
                    blocks++
                    val ui = ArticleBlock.of(block)
                    when (block) {
                        is ContentBlock.Heading -> {
                            check(ui is ArticleBlock.Heading && ui.level == block.level.toInt()) { "$ui" }
                            check((ui as ArticleBlock.Heading).text.plain == plain(block.spans)) { "$ui" }
                        }
                        is ContentBlock.Paragraph ->
                            check(ui is ArticleBlock.Paragraph && ui.text.plain == plain(block.spans)) { "$ui" }
                        is ContentBlock.ListItem -> {
                            check(ui is ArticleBlock.ListItem && ui.depth == block.depth.toInt()) { "$ui" }
                            ui as ArticleBlock.ListItem
                            check((ui.number == null) == (block.number == 0uL)) { "bullet or number: $ui" }
                        }
                        is ContentBlock.Callout ->
                            check(ui is ArticleBlock.Callout && ui.paragraphs.size == block.paragraphs.size) { "$ui" }
                        is ContentBlock.Quote ->
                            check(ui is ArticleBlock.Quote && ui.paragraphs.size == block.paragraphs.size) { "$ui" }
                        is ContentBlock.Image -> check(ui == ArticleBlock.Image(block.src, block.alt)) { "$ui" }
                        is ContentBlock.Rule -> check(ui == ArticleBlock.Rule) { "$ui" }
                    }
                }
            }
            check(blocks > 50) { "only $blocks blocks" }
        }

        t.test("numbered steps keep their numbers; warning callouts keep their kind") {
            val app = t.freshApp("blocks-steps", profile())
            val steps = blocks(app, "document-safety").filterIsInstance<ArticleBlock.ListItem>()
            val numbers = steps.mapNotNull { it.number }
            check(numbers.take(2) == listOf(1L, 2L)) { "steps: $numbers" }
            val callouts = blocks(app, "registration-ru").filterIsInstance<ArticleBlock.Callout>()
            check(callouts.any { it.kind == CalloutKind.Warning }) { "registration-ru has a warning: $callouts" }
        }

        t.test("links in the text become typed targets the screen can follow") {
            val app = t.freshApp("blocks-links", profile())
            val targets =
                app.guide(null).flatMap { a ->
                    blocks(app, a.group).flatMap(::texts).flatMap { it.spans }.mapNotNull { it.link }
                }
            check(targets.any { it is LinkTarget.Hotline || it is LinkTarget.Service }) { "help links: $targets" }
            check(targets.none { it is LinkTarget.Unsupported }) { "unknown link kinds: $targets" }
        }

        t.test("help references map to hotline and service targets") {
            check(LinkTarget.ofHelpReference("hotline:ru-emergency") == LinkTarget.Hotline("ru-emergency")) { "hotline" }
            check(LinkTarget.ofHelpReference("service:tj-x") == LinkTarget.Service("tj-x")) { "service" }
            check(LinkTarget.ofHelpReference("nonsense") is LinkTarget.Unsupported) { "no colon" }
        }
    }

    private fun blocks(app: uniffi.safar_ffi.SafarApp, id: String) = app.article(id).blocks.map(ArticleBlock::of)

    private fun plain(spans: List<uniffi.safar_ffi.TextSpan>) = spans.joinToString("") { it.text }

    private fun texts(b: ArticleBlock): List<StyledText> =
        when (b) {
            is ArticleBlock.Heading -> listOf(b.text)
            is ArticleBlock.Paragraph -> listOf(b.text)
            is ArticleBlock.ListItem -> listOf(b.text)
            is ArticleBlock.Callout -> b.paragraphs
            is ArticleBlock.Quote -> b.paragraphs
            else -> emptyList()
        }
}
