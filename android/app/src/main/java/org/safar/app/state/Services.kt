// Services screen: near me (the core sorts by distance and applies the radius) or by region /
// district (the core matches what the user types, either script, a prefix is enough). The
// location is asked for only on this screen, only when the user taps "near me".
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface
import uniffi.safar_ffi.ServiceEntry
import uniffi.safar_ffi.ServiceFilter
import java.util.Locale

data class ServiceItem(
    val id: String,
    val organisation: String,
    val country: String,
    val region: String,
    val district: String,
    val categories: List<String>,
    val address: String,
    /** Decimal strings, for a map link; null when the content gives no coordinates. */
    val lat: String?,
    val lon: String?,
    /** From the user's position, as the core computed it (near-me searches only). */
    val distanceKm: String?,
    val phones: List<PhoneItem>,
    val email: String?,
    val website: String?,
    val hours: String?,
    val badge: OpenBadge,
    val eligibility: String?,
    /** `free`, `paid`, `low_cost`… as content says. */
    val cost: String,
    val languages: List<String>,
    val provenance: Provenance,
) {
    companion object {
        fun of(s: ServiceEntry) =
            ServiceItem(
                id = s.id,
                organisation = s.organisation,
                country = s.country,
                region = s.region,
                district = s.district,
                categories = s.categories,
                address = s.address,
                lat = s.lat,
                lon = s.lon,
                distanceKm = s.distanceKm,
                phones = s.phones.map(PhoneItem::of),
                email = s.email,
                website = s.website,
                hours = s.hours,
                badge =
                    when (s.openNow) {
                        null -> OpenBadge.NoHours
                        true -> OpenBadge.OpenNow(null)
                        false -> OpenBadge.Closed(null)
                    },
                eligibility = s.eligibility,
                cost = s.cost,
                languages = s.languages,
                provenance = Provenance(s.source, s.verifiedAt, Verification.of(s.status), s.ageDays, s.stale),
            )
    }
}

val SERVICE_CATEGORIES =
    listOf("employment", "training", "psychosocial", "legal_aid", "health", "tb_hiv_care", "grants", "shelter")

/** Radius choices for "near me", in km (strings: the core takes decimals as text). */
val NEAR_ME_RADII_KM = listOf("5", "25", "100")

sealed interface ServicePlace {
    /** [country] null: where the user is now (the core decides from the profile). */
    data class ByRegion(val country: String?, val region: String?) : ServicePlace

    data class NearMe(val lat: String, val lon: String, val radiusKm: String) : ServicePlace
}

data class ServicesState(
    val place: ServicePlace = ServicePlace.ByRegion(null, null),
    val category: String? = null,
    val freeOnly: Boolean = false,
    /** A service to scroll to and highlight (from an article's help link). */
    val focusId: String? = null,
    val services: Loadable<List<ServiceItem>> = Loadable.Loading,
)

class ServicesStateHolder(private val core: SafarAppInterface, focusId: String? = null) :
    StateHolder<ServicesState> {
    override var state = ServicesState(focusId = focusId)
        private set

    fun load(): ServicesState {
        val filter =
            when (val place = state.place) {
                is ServicePlace.ByRegion ->
                    ServiceFilter(place.country, place.region, state.category, state.freeOnly, null, null, null, null)
                is ServicePlace.NearMe ->
                    ServiceFilter(
                        null, null, state.category, state.freeOnly, null, place.lat, place.lon, place.radiusKm,
                    )
            }
        state = state.copy(services = load { core.services(filter).map(ServiceItem::of) })
        return state
    }

    /** Region or district as the user typed it; blank: the whole country. */
    fun byRegion(country: String?, region: String?) =
        apply { state = state.copy(place = ServicePlace.ByRegion(country, region?.trim()?.ifEmpty { null })) }.load()

    /** The position the phone reported (only after the user allowed it on this screen). */
    fun nearMe(lat: Double, lon: Double, radiusKm: String = NEAR_ME_RADII_KM[1]) =
        apply { state = state.copy(place = ServicePlace.NearMe(coordinate(lat), coordinate(lon), radiusKm)) }.load()

    fun setCategory(category: String?) = apply { state = state.copy(category = category) }.load()

    fun setFreeOnly(on: Boolean) = apply { state = state.copy(freeOnly = on) }.load()

    /** Five decimals (about a metre) is all a "near me" search needs; dot as separator always. */
    private fun coordinate(degrees: Double) = String.format(Locale.ROOT, "%.5f", degrees)
}
