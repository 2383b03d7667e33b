// Health screen: TB/HIV and health articles, care services and health hotlines for the profile.
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface

data class Health(val articles: List<ArticleItem>, val services: List<ServiceItem>, val hotlines: List<HotlineItem>)

class HealthStateHolder(private val core: SafarAppInterface) : StateHolder<Loadable<Health>> {
    override var state: Loadable<Health> = Loadable.Loading
        private set

    fun load(): Loadable<Health> {
        state =
            load {
                val h = core.health()
                Health(
                    h.articles.map(ArticleItem::of),
                    h.services.map(ServiceItem::of),
                    h.hotlines.map(HotlineItem::of),
                )
            }
        return state
    }
}
