import org.safar.app.state.ArticleStateHolder
import org.safar.app.state.HomeStateHolder
import org.safar.app.state.Loadable
import org.safar.app.state.OpenBadge
import java.time.LocalDate

object HomeTest : Suite {
    override fun run(t: Tests) {
        t.test("before onboarding, home says the profile is not set") {
            val home = (HomeStateHolder(t.freshApp("home-new")).load() as Loadable.Ready).value
            check(!home.profileSet && home.sample) { "$home" }
        }

        t.test("home for a TJ → RU migrant abroad: start here, deadlines, hotlines, sample mark") {
            val arrival = LocalDate.now().minusDays(3).toString()
            val app = t.freshApp("home", profile(languages = listOf("tg", "ru"), arrival = arrival))
            val home = (HomeStateHolder(app).load() as Loadable.Ready).value
            check(home.profileSet && home.sample && home.contentAgeDays != null) { "$home" }
            check(home.startHere.map { it.group }.contains("registration-ru")) { "${home.startHere}" }
            check(home.startHere.map { it.group } == app.home().startHere.map { it.group }) { "core order" }
            check(home.nextDeadlines.isNotEmpty() && home.nextDeadlines.all { it.due != null }) { "${home.nextDeadlines}" }
            check(home.hotlines.map { it.id } == app.home().hotlines.map { it.id }) { "core's hotlines" }
            check(home.hotlines.any { it.badge == OpenBadge.AlwaysOpen }) { "112 is always open: ${home.hotlines}" }
        }

        t.test("an article read shows under recently read") {
            val app = t.freshApp("home-recent", profile())
            ArticleStateHolder(app, "trafficking-signs").load()
            val home = (HomeStateHolder(app).load() as Loadable.Ready).value
            check(home.recentlyRead.firstOrNull()?.group == "trafficking-signs") { "${home.recentlyRead}" }
        }

        t.test("a returnee's home lists reintegration services") {
            val app = t.freshApp("home-returned", profile(stage = "returned", languages = listOf("tg")))
            val home = (HomeStateHolder(app).load() as Loadable.Ready).value
            val atHome = home.reintegration.all { it.country == "TJ" }
            check(home.reintegration.isNotEmpty() && atHome) { "${home.reintegration}" }
        }
    }
}
