// Guide screen: the topics that have articles for the profile, and the articles of one topic (or
// all), in the core's order.
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface

data class GuideState(
    val topics: Loadable<List<TopicItem>> = Loadable.Loading,
    /** null: every topic. */
    val topic: String? = null,
    val articles: Loadable<List<ArticleItem>> = Loadable.Loading,
)

class GuideStateHolder(private val core: SafarAppInterface, topic: String? = null) : StateHolder<GuideState> {
    override var state = GuideState(topic = topic)
        private set

    fun load(): GuideState {
        state =
            state.copy(
                topics = load { core.topics().map(TopicItem::of) },
                articles = load { core.guide(state.topic).map(ArticleItem::of) },
            )
        return state
    }

    fun selectTopic(topic: String?): GuideState {
        state = state.copy(topic = topic, articles = load { core.guide(topic).map(ArticleItem::of) })
        return state
    }
}
