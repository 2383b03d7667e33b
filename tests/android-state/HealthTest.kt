import org.safar.app.state.HealthStateHolder
import org.safar.app.state.Loadable

object HealthTest : Suite {
    override fun run(t: Tests) {
        t.test("health shows the core's health articles, care services and hotlines") {
            val app = t.freshApp("health", profile(stage = "returned", languages = listOf("tg", "ru")))
            val health = (HealthStateHolder(app).load() as Loadable.Ready).value
            val core = app.health()
            check(health.articles.map { it.id } == core.articles.map { it.id }) { "articles" }
            check(health.services.map { it.id } == core.services.map { it.id }) { "services" }
            check(health.hotlines.map { it.id } == core.hotlines.map { it.id }) { "hotlines" }
            check(health.articles.any { it.topic == "tb_hiv" }) { "TB/HIV articles: ${health.articles}" }
            check(health.services.any { "tb_hiv_care" in it.categories }) { "TB care in Dushanbe: ${health.services}" }
        }
    }
}
