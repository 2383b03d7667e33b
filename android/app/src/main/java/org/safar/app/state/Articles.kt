// Article list items and topics, as the core returns them (already filtered for the profile, in
// the best language the user reads, in the core's order).
package org.safar.app.state

import uniffi.safar_ffi.ArticleSummary
import uniffi.safar_ffi.TopicInfo

data class ArticleItem(
    val id: String,
    /** The translation group: what links, bookmarks and "read" use. */
    val group: String,
    val title: String,
    val summary: String,
    val topic: String,
    /** Language it is shown in. */
    val lang: String,
    /** Shown in another language than the user's first: the UI says so. */
    val isFallback: Boolean,
    val languages: List<String>,
    val core: Boolean,
    /** ISO date the content was last reviewed. */
    val reviewedAt: String,
) {
    companion object {
        fun of(a: ArticleSummary) =
            ArticleItem(
                id = a.id,
                group = a.group,
                title = a.title,
                summary = a.summary,
                topic = a.topic,
                lang = a.lang,
                isFallback = a.isFallback,
                languages = a.languages,
                core = a.core,
                reviewedAt = a.reviewedAt,
            )
    }
}

/** A topic with its title in the user's language and how many articles it has for them. */
data class TopicItem(val topic: String, val title: String, val count: Int) {
    companion object {
        fun of(t: TopicInfo) = TopicItem(t.topic, t.title, t.count.toInt())
    }
}
