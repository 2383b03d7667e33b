import org.safar.app.state.ArticleItem
import org.safar.app.state.TopicItem

object ArticlesTest : Suite {
    override fun run(t: Tests) {
        t.test("article items keep the core's order, language and fallback mark") {
            val app = t.freshApp("articles", profile(languages = listOf("uz", "ru")))
            val summaries = app.guide(null)
            val items = summaries.map(ArticleItem::of)
            check(items.map { it.group } == summaries.map { it.group }) { "order kept" }
            check(items.any { it.isFallback && it.lang == "ru" }) { "some article has no Uzbek: $items" }
            check(items.any { !it.isFallback && it.lang == "uz" }) { "some article is in Uzbek" }
            check(items.all { it.reviewedAt.matches(Regex("""\d{4}-\d{2}-\d{2}""")) }) { "ISO dates" }
        }

        t.test("home topics map with their counts") {
            val app = t.freshApp("topics", profile())
            val topics = app.home().topics.map(TopicItem::of)
            check(topics.isNotEmpty() && topics.all { it.count > 0 && it.title.isNotBlank() }) { "$topics" }
        }
    }
}
