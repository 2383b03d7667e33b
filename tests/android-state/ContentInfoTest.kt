import org.safar.app.state.ContentInfo

object ContentInfoTest : Suite {
    override fun run(t: Tests) {
        t.test("content info shows the sample mark, sequence and age") {
            val app = t.freshApp("content-info")
            val info = ContentInfo.of(app.status())
            check(info.sample) { "sample content is marked" }
            check(info.seq == 1L && info.ageDays != null && info.publishedAt != null) { "$info" }
            check(info.collections.any { it.name == "articles/ru" && it.records > 0 }) { "${info.collections}" }
            check(!info.profileSet) { "fresh database" }
        }
    }
}
