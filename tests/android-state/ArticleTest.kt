import org.safar.app.state.ArticleBlock
import org.safar.app.state.ArticleStateHolder
import org.safar.app.state.BookmarksStateHolder
import org.safar.app.state.ErrorKind
import org.safar.app.state.LinkTarget
import org.safar.app.state.Loadable

object ArticleTest : Suite {
    override fun run(t: Tests) {
        t.test("an article shows its blocks, help targets, source and fallback language") {
            val app = t.freshApp("article", profile(languages = listOf("uz")))
            val view = (ArticleStateHolder(app, "gbv-help").load().article as Loadable.Ready).value
            check(view.summary.lang == "ru" && view.summary.isFallback) { "no Uzbek translation: ${view.summary}" }
            check(view.blocks.any { it is ArticleBlock.Heading }) { "headings" }
            val helpTargets = view.help.all { it is LinkTarget.Hotline || it is LinkTarget.Service }
            check(view.help.isNotEmpty() && helpTargets) { "${view.help}" }
            check(view.source.isNotBlank()) { "source shown" }
        }

        t.test("bookmarking from the article shows in bookmarks; removing there clears it") {
            val app = t.freshApp("article-bookmark", profile())
            val holder = ArticleStateHolder(app, "tb-symptoms-testing")
            holder.load()
            val on = (holder.setBookmarked(true).article as Loadable.Ready).value
            check(on.bookmarked) { "bookmarked after tap" }
            val bookmarks = BookmarksStateHolder(app)
            val listed = (bookmarks.load() as Loadable.Ready).value
            check(listed.map { it.group } == listOf("tb-symptoms-testing")) { "$listed" }
            check((bookmarks.remove("tb-symptoms-testing") as Loadable.Ready).value.isEmpty()) { "removed" }
            check(!(holder.load().article as Loadable.Ready).value.bookmarked) { "article shows it removed" }
        }

        t.test("an unknown article is NotFound; an empty id is InvalidInput") {
            val app = t.freshApp("article-missing", profile())
            val missing = ArticleStateHolder(app, "no-such-article").load().article as Loadable.Failed
            check(missing.error.kind == ErrorKind.NotFound) { "$missing" }
            val empty = ArticleStateHolder(app, "").load().article as Loadable.Failed
            check(empty.error.kind == ErrorKind.InvalidInput) { "$empty" }
        }
    }
}
