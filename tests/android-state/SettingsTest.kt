import org.safar.app.state.ArticleStateHolder
import org.safar.app.state.Loadable
import org.safar.app.state.SettingsStateHolder

object SettingsTest : Suite {
    override fun run(t: Tests) {
        t.test("settings show the content's source, sample mark, age and the profile") {
            val app = t.freshApp("settings", profile(origin = "KG"))
            val state = SettingsStateHolder(app).load()
            val content = (state.content as Loadable.Ready).value
            check(content.sample && content.seq == 1L && content.ageDays != null && content.profileSet) { "$content" }
            check((state.profile as Loadable.Ready).value.origin == "KG") { "${state.profile}" }
        }

        t.test("wiping personal data removes profile and bookmarks, keeps content") {
            val app = t.freshApp("settings-wipe", profile())
            ArticleStateHolder(app, "gbv-help").apply { load(); setBookmarked(true) }
            val state = SettingsStateHolder(app).wipePersonalData()
            check(state.wiped && state.wipeError == null) { "$state" }
            val content = (state.content as Loadable.Ready).value
            check(!content.profileSet && content.seq == 1L) { "$content" }
            check(app.bookmarks().isEmpty() && app.recentlyRead().isEmpty()) { "personal data gone" }
        }
    }
}
