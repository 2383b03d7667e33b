// Home screen: who the user is, how fresh the content is, where to start, the next deadlines,
// returnee services, the hotlines that matter, and what they read last. All chosen by the core.
package org.safar.app.state

import uniffi.safar_ffi.HomeScreen
import uniffi.safar_ffi.SafarAppInterface

data class Home(
    val profile: ProfileForm,
    /** false: send the user to onboarding first. */
    val profileSet: Boolean,
    val sample: Boolean,
    val repository: String?,
    val contentAgeDays: Long?,
    val topics: List<TopicItem>,
    val startHere: List<ArticleItem>,
    val nextDeadlines: List<ChecklistItem>,
    /** Reintegration services (the core fills this for returnees). */
    val reintegration: List<ServiceItem>,
    val hotlines: List<HotlineItem>,
    val recentlyRead: List<ArticleItem>,
) {
    companion object {
        fun of(h: HomeScreen, recentlyRead: List<ArticleItem>) =
            Home(
                profile = ProfileForm.of(h.profile),
                profileSet = h.profileSet,
                sample = h.sample,
                repository = h.repository,
                contentAgeDays = h.contentAgeDays,
                topics = h.topics.map(TopicItem::of),
                startHere = h.startHere.map(ArticleItem::of),
                nextDeadlines = h.nextDeadlines.map(ChecklistItem::of),
                reintegration = h.reintegration.map(ServiceItem::of),
                hotlines = h.hotlines.map(HotlineItem::of),
                recentlyRead = recentlyRead,
            )
    }
}

class HomeStateHolder(private val core: SafarAppInterface) : StateHolder<Loadable<Home>> {
    override var state: Loadable<Home> = Loadable.Loading
        private set

    fun load(): Loadable<Home> {
        state = load { Home.of(core.home(), core.recentlyRead().map(ArticleItem::of)) }
        return state
    }
}
