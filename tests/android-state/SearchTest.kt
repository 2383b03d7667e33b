import org.safar.app.state.LinkTarget
import org.safar.app.state.Loadable
import org.safar.app.state.SearchStateHolder

object SearchTest : Suite {
    override fun run(t: Tests) {
        t.test("search finds articles with the matched words marked strong") {
            val holder = SearchStateHolder(t.freshApp("search", profile()))
            val hits = (holder.search("туберкулез").hits as Loadable.Ready).value
            check(hits.isNotEmpty()) { "no hits" }
            check(hits.any { it.target is LinkTarget.Article }) { "$hits" }
            check(hits.any { hit -> hit.snippet.spans.any { it.strong } }) { "matches marked" }
        }

        t.test("the kind chip is passed to the core") {
            val holder = SearchStateHolder(t.freshApp("search-kind", profile()))
            holder.search("экстренных")
            val hits = (holder.setKind("hotline").hits as Loadable.Ready).value
            check(hits.isNotEmpty() && hits.all { it.kind == "hotline" && it.target is LinkTarget.Hotline }) { "$hits" }
            check(holder.state.query == "экстренных") { "query kept" }
        }

        t.test("a blank query clears the results without calling the core") {
            val holder = SearchStateHolder(t.freshApp("search-blank", profile()))
            holder.search("работа")
            check(holder.search("   ").hits == null) { "${holder.state}" }
        }
    }
}
