// Search: the core searches articles, hotlines and services in either script (Cyrillic or Latin)
// and marks the matched words in the snippet; the holder keeps the query and the kind chip.
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface
import uniffi.safar_ffi.SearchHit

data class SearchItem(val kind: String, val id: String, val title: String, val snippet: StyledText, val lang: String?) {
    /** Where tapping the hit goes. */
    val target: LinkTarget
        get() =
            when (kind) {
                "article" -> LinkTarget.Article(id)
                "hotline" -> LinkTarget.Hotline(id)
                "service" -> LinkTarget.Service(id)
                else -> LinkTarget.Unsupported(kind, id)
            }

    companion object {
        fun of(h: SearchHit) = SearchItem(h.kind, h.id, h.title, StyledText.of(h.snippet), h.lang)
    }
}

val SEARCH_KINDS = listOf("article", "hotline", "service")

/** Hits per query: a screenful or two; the core ranks best first. */
const val SEARCH_LIMIT = 30u

data class SearchState(
    val query: String = "",
    /** null: every kind. */
    val kind: String? = null,
    /** null: nothing searched yet. */
    val hits: Loadable<List<SearchItem>>? = null,
)

class SearchStateHolder(private val core: SafarAppInterface) : StateHolder<SearchState> {
    override var state = SearchState()
        private set

    fun search(query: String, kind: String? = state.kind): SearchState {
        state =
            if (query.isBlank()) {
                SearchState(query = query, kind = kind)
            } else {
                val hits = load { core.search(query, kind, SEARCH_LIMIT).map(SearchItem::of) }
                state.copy(query = query, kind = kind, hits = hits)
            }
        return state
    }

    fun setKind(kind: String?) = search(state.query, kind)
}
