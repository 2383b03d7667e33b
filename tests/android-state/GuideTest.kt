import org.safar.app.state.ErrorKind
import org.safar.app.state.GuideStateHolder
import org.safar.app.state.Loadable

object GuideTest : Suite {
    override fun run(t: Tests) {
        t.test("guide shows the core's topics and all articles, then one topic") {
            val app = t.freshApp("guide", profile(destination = "KZ"))
            val holder = GuideStateHolder(app)
            val state = holder.load()
            val topics = (state.topics as Loadable.Ready).value
            check(topics.map { it.topic } == app.topics().map { it.topic }) { "core order: $topics" }
            val all = (state.articles as Loadable.Ready).value
            check(all.map { it.id } == app.guide(null).map { it.id }) { "all articles as the core lists them" }
            val registration = (holder.selectTopic("registration").articles as Loadable.Ready).value
            check(registration.map { it.group } == listOf("registration-kz")) { "KZ profile: $registration" }
            check(holder.state.topic == "registration") { "topic kept" }
        }

        t.test("a topic passed in from home is loaded directly") {
            val app = t.freshApp("guide-topic", profile())
            val state = GuideStateHolder(app, topic = "tb_hiv").load()
            val articles = (state.articles as Loadable.Ready).value
            check(articles.isNotEmpty() && articles.all { it.topic == "tb_hiv" }) { "$articles" }
        }

        t.test("an unknown topic is the core's InvalidInput, shown as an error") {
            val state = GuideStateHolder(t.freshApp("guide-bad", profile())).selectTopic("cooking")
            val failed = state.articles as Loadable.Failed
            check(failed.error.kind == ErrorKind.InvalidInput && failed.error.message.contains("cooking")) { "$failed" }
        }
    }
}
