import org.safar.app.state.HotlinesStateHolder
import org.safar.app.state.Loadable
import org.safar.app.state.OpenBadge
import org.safar.app.state.Verification
import uniffi.safar_ffi.HotlineFilter

object HotlinesTest : Suite {
    override fun run(t: Tests) {
        t.test("hotlines for the profile, with the core's open-now judgement as badges") {
            val app = t.freshApp("hotlines", profile())
            val items = (HotlinesStateHolder(app).load().hotlines as Loadable.Ready).value
            val core = app.hotlines(HotlineFilter(null, null, false, null))
            check(items.map { it.id } == core.map { it.id }) { "core order" }
            for ((item, entry) in items.zip(core)) {
                val expected =
                    when {
                        entry.alwaysOpen -> OpenBadge.AlwaysOpen
                        entry.openNow -> OpenBadge.OpenNow(entry.closesAt)
                        else -> OpenBadge.Closed(entry.nextOpening)
                    }
                check(item.badge == expected) { "${item.id}: ${item.badge} vs $entry" }
            }
            val emergency = items.first { it.id == "ru-emergency" }
            check(emergency.badge == OpenBadge.AlwaysOpen) { "112 is 24/7" }
            check(emergency.phones.any { it.telUri?.startsWith("tel:") == true }) { "dialable: ${emergency.phones}" }
            check(items.all { it.provenance.source.isNotBlank() && it.provenance.verifiedAt != null }) { "sources shown" }
            check(items.any { it.provenance.verification == Verification.Sample }) { "sample entries marked" }
        }

        t.test("category and open-now filters are the core's") {
            val app = t.freshApp("hotlines-filter", profile())
            val holder = HotlinesStateHolder(app)
            holder.load()
            val trafficking = (holder.setCategory("trafficking").hotlines as Loadable.Ready).value
            check(trafficking.isNotEmpty() && trafficking.all { "trafficking" in it.categories }) { "$trafficking" }
            holder.setCategory(null)
            val open = (holder.setOpenNowOnly(true).hotlines as Loadable.Ready).value
            check(open.all { it.badge is OpenBadge.AlwaysOpen || it.badge is OpenBadge.OpenNow }) { "$open" }
            check(open.any { it.id == "ru-emergency" }) { "112 is always open" }
        }

        t.test("a country filter and a bad category") {
            val holder = HotlinesStateHolder(t.freshApp("hotlines-country", profile()), focusId = "kz-emergency")
            val kz = (holder.setCountry("KZ").hotlines as Loadable.Ready).value
            check(kz.isNotEmpty() && kz.all { it.country == "KZ" }) { "$kz" }
            check(holder.state.focusId == "kz-emergency") { "focus kept" }
            check(holder.setCategory("pizza").hotlines is Loadable.Failed) { "bad category" }
        }
    }
}
