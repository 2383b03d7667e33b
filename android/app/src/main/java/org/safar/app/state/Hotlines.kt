// Hotlines screen: the core filters (country, category, open now) and judges whether each line is
// open; the holder keeps the chosen filter and maps the entries.
package org.safar.app.state

import uniffi.safar_ffi.HotlineEntry
import uniffi.safar_ffi.HotlineFilter
import uniffi.safar_ffi.SafarAppInterface

data class HotlineItem(
    val id: String,
    val name: String,
    val country: String,
    val categories: List<String>,
    val phones: List<PhoneItem>,
    val messengers: List<MessengerItem>,
    val badge: OpenBadge,
    /** The weekly hours as the content states them, and their time zone. */
    val hours: String,
    val timezone: String,
    val languages: List<String>,
    val provenance: Provenance,
) {
    companion object {
        fun of(h: HotlineEntry) =
            HotlineItem(
                id = h.id,
                name = h.name,
                country = h.country,
                categories = h.categories,
                phones = h.numbers.map(PhoneItem::of),
                messengers = h.messengers.map(MessengerItem::of),
                badge =
                    when {
                        h.alwaysOpen -> OpenBadge.AlwaysOpen
                        h.openNow -> OpenBadge.OpenNow(h.closesAt)
                        else -> OpenBadge.Closed(h.nextOpening)
                    },
                hours = h.hours,
                timezone = h.timezone,
                languages = h.languages,
                provenance = Provenance(h.source, h.verifiedAt, Verification.of(h.status), h.ageDays, h.stale),
            )
    }
}

/** The hotline categories content uses, for the filter chips. */
val HOTLINE_CATEGORIES =
    listOf("emergency", "trafficking", "gbv", "health", "labour_rights", "consular", "migration_service", "legal_aid")

data class HotlinesState(
    /** null: the countries that matter for the profile's stage (the core decides). */
    val country: String? = null,
    val category: String? = null,
    val openNowOnly: Boolean = false,
    /** A hotline to scroll to and highlight (from an article's help link). */
    val focusId: String? = null,
    val hotlines: Loadable<List<HotlineItem>> = Loadable.Loading,
)

class HotlinesStateHolder(private val core: SafarAppInterface, focusId: String? = null) :
    StateHolder<HotlinesState> {
    override var state = HotlinesState(focusId = focusId)
        private set

    fun load(): HotlinesState {
        val filter = HotlineFilter(state.country, state.category, state.openNowOnly, null)
        state = state.copy(hotlines = load { core.hotlines(filter).map(HotlineItem::of) })
        return state
    }

    fun setCountry(country: String?) = apply { state = state.copy(country = country) }.load()

    fun setCategory(category: String?) = apply { state = state.copy(category = category) }.load()

    fun setOpenNowOnly(on: Boolean) = apply { state = state.copy(openNowOnly = on) }.load()
}
