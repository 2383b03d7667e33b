// Bookmarks: the articles the user saved, newest first as the core keeps them.
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface

class BookmarksStateHolder(private val core: SafarAppInterface) : StateHolder<Loadable<List<ArticleItem>>> {
    override var state: Loadable<List<ArticleItem>> = Loadable.Loading
        private set

    fun load(): Loadable<List<ArticleItem>> {
        state = load { core.bookmarks().map(ArticleItem::of) }
        return state
    }

    fun remove(group: String): Loadable<List<ArticleItem>> {
        val error = attempt { core.setBookmark(group, false) }
        return if (error == null) load() else Loadable.Failed(error).also { state = it }
    }
}
