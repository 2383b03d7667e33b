// Article screen: the core's block tree mapped to UI blocks, where to get help, the source, and
// the bookmark.
package org.safar.app.state

import uniffi.safar_ffi.ArticleDetail
import uniffi.safar_ffi.SafarAppInterface

data class ArticleView(
    val summary: ArticleItem,
    val blocks: List<ArticleBlock>,
    /** Hotlines and services to call, from the article's help list. */
    val help: List<LinkTarget>,
    val source: String,
    val bookmarked: Boolean,
) {
    companion object {
        fun of(a: ArticleDetail) =
            ArticleView(
                summary = ArticleItem.of(a.summary),
                blocks = a.blocks.map(ArticleBlock::of),
                help = a.help.map(LinkTarget::ofHelpReference),
                source = a.source,
                bookmarked = a.bookmarked,
            )
    }
}

data class ArticleState(
    val article: Loadable<ArticleView> = Loadable.Loading,
    val bookmarkError: UiError? = null,
)

/** [id]: a translation group (`registration-ru`) or an exact id (`registration-ru.tg`). */
class ArticleStateHolder(private val core: SafarAppInterface, val id: String) : StateHolder<ArticleState> {
    override var state = ArticleState()
        private set

    fun load(): ArticleState {
        state = state.copy(article = load { ArticleView.of(core.article(id)) })
        return state
    }

    fun setBookmarked(on: Boolean): ArticleState {
        val article = (state.article as? Loadable.Ready)?.value ?: return state
        val error = attempt { core.setBookmark(article.summary.group, on) }
        state = state.copy(bookmarkError = error)
        return if (error == null) load() else state
    }
}
