import org.safar.app.state.Loadable
import org.safar.app.state.OpenBadge
import org.safar.app.state.ServicesStateHolder

object ServicesTest : Suite {
    override fun run(t: Tests) {
        t.test("by district: the core matches what the user typed") {
            val holder = ServicesStateHolder(t.freshApp("services-district", profile(stage = "returned")))
            val found = (holder.byRegion("TJ", "Bokhtar").services as Loadable.Ready).value
            check(found.isNotEmpty() && found.all { it.district == "Bokhtar" }) { "$found" }
            check(found.any { it.id == "tj-bokhtar-sample-reintegration" }) { "$found" }
            val all = (holder.byRegion("TJ", "  ").services as Loadable.Ready).value
            check(all.size > found.size) { "blank district: the whole country" }
        }

        t.test("near me: sorted by the core's distance, within the radius") {
            val holder = ServicesStateHolder(t.freshApp("services-near", profile(stage = "returned")))
            // Beside the sample resource centre in Dushanbe.
            val near = (holder.nearMe(38.5771, 68.7790, "5").services as Loadable.Ready).value
            check(near.isNotEmpty() && near.first().id == "tj-dushanbe-sample-resource-centre") { "$near" }
            check(near.all { it.distanceKm != null }) { "distances" }
            check(near.none { it.district == "Bokhtar" }) { "Bokhtar is 80 km away" }
        }

        t.test("category and free-only filters, open badges and sources") {
            val holder = ServicesStateHolder(t.freshApp("services-filter", profile(stage = "returned")))
            holder.byRegion("TJ", null)
            val shelters = (holder.setCategory("shelter").services as Loadable.Ready).value
            check(shelters.isNotEmpty() && shelters.all { "shelter" in it.categories }) { "$shelters" }
            val free = (holder.setFreeOnly(true).services as Loadable.Ready).value
            check(free.all { it.cost == "free" }) { "$free" }
            check(free.all { (it.hours == null) == (it.badge == OpenBadge.NoHours) }) { "badges follow hours" }
            check(free.all { it.provenance.source.isNotBlank() }) { "sources" }
        }

        t.test("a bad radius is the core's InvalidInput") {
            val holder = ServicesStateHolder(t.freshApp("services-bad", profile()))
            check(holder.nearMe(38.5, 68.7, "-3").services is Loadable.Failed) { "${holder.state}" }
        }
    }
}
