// Kotlin-on-the-JVM tests of the generated safar_ffi bindings, over the real library (JNA) and a
// real database: the same calls the Android shell makes. Run by tests/bindings/run.sh, which passes
// the scratch folder and a signed sample bundle as arguments. Ends with "N passed, N failed".

import uniffi.safar_ffi.*
import java.io.File
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess

private var passed = 0
private var failed = 0

private fun test(name: String, body: () -> Unit) {
    try {
        body()
        passed++
        println("ok   $name")
    } catch (e: Throwable) {
        failed++
        println("FAIL $name: $e")
    }
}

private fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

private inline fun <reified E : Throwable> expectError(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, got no error")
}

private lateinit var tmp: File
private lateinit var bundle: File
private lateinit var repoUrl: String
private lateinit var reportsDir: File

private fun freshApp(name: String): SafarApp {
    val db = File(tmp, "$name.db")
    listOf("", "-wal", "-shm").forEach { File(db.path + it).delete() }
    return SafarApp.open(db.path)
}

private fun profile(
    origin: String = "TJ",
    destination: String = "RU",
    languages: List<String> = listOf("ru"),
    stage: String = "planning",
    arrival: String? = null,
) = UserProfile(origin, destination, languages, stage, arrival)

fun main(args: Array<String>) {
    tmp = File(args[0])
    bundle = File(args[1])
    repoUrl = args[2]
    reportsDir = File(args[3])

    test("first open imports the embedded default content") {
        val status = freshApp("first").status()
        check(status.sample) { "sample content must be marked" }
        check(status.seq == 1uL) { "seq ${status.seq}" }
        check(status.collections.any { it.name == "articles/ru" }) { "${status.collections}" }
        check(!status.profileSet) { "no profile yet" }
    }

    test("profile round-trips") {
        val app = freshApp("profile")
        app.setProfile(profile(languages = listOf("tg", "ru"), stage = "abroad", arrival = "2026-11-01"))
        val p = app.profile()
        check(p == profile(languages = listOf("tg", "ru"), stage = "abroad", arrival = "2026-11-01")) { "$p" }
    }

    test("home and guide follow the profile") {
        val app = freshApp("home")
        app.setProfile(profile(destination = "RU"))
        val groups = app.home().startHere.map { it.group }
        check("registration-ru" in groups && "registration-kz" !in groups) { "$groups" }
        app.setProfile(profile(destination = "KZ"))
        check(app.guide("registration").map { it.group } == listOf("registration-kz")) { "guide for KZ" }
        check(app.guide(null).isNotEmpty()) { "all topics" }
    }

    test("article blocks and language fallback") {
        val app = freshApp("article")
        app.setProfile(profile(languages = listOf("uz")))
        val article = app.article("gbv-help")
        check(article.summary.lang == "ru" && article.summary.isFallback) { "fallback to Russian: ${article.summary}" }
        check(article.blocks.any { it is ContentBlock.Heading }) { "headings" }
        val links = article.blocks.flatMap { block ->
            when (block) {
                is ContentBlock.Paragraph -> block.spans
                is ContentBlock.ListItem -> block.spans
                else -> emptyList()
            }
        }.mapNotNull { it.link }
        check(links.any { it.kind == "hotline" || it.kind == "service" }) { "help links: $links" }
        val uz = app.article("registration-ru.uz")
        check(uz.summary.lang == "uz" && !uz.summary.isFallback) { "${uz.summary}" }
    }

    test("valid bundle is up to date; tampered bundle is rejected and changes nothing") {
        val app = freshApp("import")
        check(app.importBundle(bundle.path).upToDate) { "same content" }
        val bytes = bundle.readBytes()
        bytes[bytes.size / 2] = (bytes[bytes.size / 2].toInt() xor 1).toByte()
        val tampered = File(tmp, "tampered.safar").apply { writeBytes(bytes) }
        val before = app.status().collections
        val e = expectError<SafarException.Rejected> { app.importBundle(tampered.path) }
        check(e.message!!.contains("damaged")) { "${e.message}" }
        check(app.status().collections == before) { "nothing changed" }
    }

    test("bad input gives InvalidInput, never a crash") {
        val app = freshApp("errors")
        listOf(
            profile(origin = "XX"), profile(destination = ""), profile(languages = listOf("fr")),
            profile(languages = emptyList()), profile(stage = "lost"), profile(arrival = "2026-13-45"),
            profile(origin = "T".repeat(100_000)),
        ).forEach { bad -> expectError<SafarException.InvalidInput> { app.setProfile(bad) } }
        expectError<SafarException.InvalidInput> { app.article("") }
        expectError<SafarException.InvalidInput> { app.guide("cooking") }
        expectError<SafarException.InvalidInput> { SafarApp.open("") }
        expectError<SafarException.InvalidInput> { SafarApp.open("/nonexistent/folder/x.db") }
        expectError<SafarException.InvalidInput> { app.importBundle("/nonexistent.safar") }
    }

    test("unknown ids give NotFound") {
        val app = freshApp("notfound")
        expectError<SafarException.NotFound> { app.article("no-such-article") }
        expectError<SafarException.NotFound> { app.article("x".repeat(1_000_000)) }
    }

    test("a closed object gives an error, not a crash") {
        val app = freshApp("closed")
        app.close()
        expectError<IllegalStateException> { app.status() }
    }

    test("four threads read at once") {
        val app = freshApp("threads")
        val pool = Executors.newFixedThreadPool(4)
        val results = (1..4).map {
            pool.submit<Int> {
                var n = 0
                repeat(20) {
                    n += app.home().startHere.size
                    app.article("tb-symptoms-testing")
                }
                n
            }
        }
        val total = results.sumOf { it.get(60, TimeUnit.SECONDS) }
        pool.shutdown()
        check(total > 0) { "reads returned articles" }
    }


    test("topics, guide by topic, bookmarks and recently read") {
        val app = freshApp("reading")
        app.setProfile(profile())
        val topics = app.topics()
        check(topics.isNotEmpty() && topics.all { it.count > 0u }) { "$topics" }
        check(app.guide(topics.first().topic).size == topics.first().count.toInt()) { "counts agree" }
        app.article("registration-ru")
        check(app.recentlyRead().map { it.group } == listOf("registration-ru")) { "history" }
        check(!app.article("registration-ru").bookmarked) { "not bookmarked yet" }
        app.setBookmark("registration-ru", true)
        check(app.article("registration-ru").bookmarked) { "bookmarked" }
        check(app.bookmarks().map { it.group } == listOf("registration-ru")) { "bookmark list" }
        app.setBookmark("registration-ru", false)
        check(app.bookmarks().isEmpty()) { "removed" }
        expectError<SafarException.NotFound> { app.setBookmark("no-such-article", true) }
    }

    test("search in either script, hostile queries give no error") {
        val app = freshApp("search")
        app.setProfile(profile(languages = listOf("uz")))
        val latin = app.search("patent", null, 10u)
        val cyrillic = app.search("патент", null, 10u)
        check(latin.isNotEmpty() && cyrillic.isNotEmpty()) { "patent found: $latin / $cyrillic" }
        val top = latin.first()
        check(top.snippet.any { it.strong } || top.title.contains("patent", ignoreCase = true) ||
            top.title.contains("патент", ignoreCase = true)) { "the match is highlighted or in the title: $top" }
        listOf("\"", "*", "NEAR(", "AND", "", "x".repeat(10_000)).forEach {
            check(app.search(it, null, 10u).isEmpty() || it == "x".repeat(10_000)) { "hostile '$it'" }
        }
        check(app.search("112", "hotline", 5u).all { it.kind == "hotline" }) { "kind filter" }
        expectError<SafarException.InvalidInput> { app.search("patent", "recipe", 10u) }
        expectError<SafarException.InvalidInput> { app.search("patent", null, 0u) }
    }

    test("checklist deadlines from the arrival date, progress stored") {
        val app = freshApp("checklist")
        app.setProfile(profile(stage = "abroad", arrival = "2026-11-01"))
        val list = app.checklist("2026-11-28")
        check(list.items.isNotEmpty() && list.total == list.items.size.toUInt()) { "$list" }
        check(list.overdue > 0u && list.items.count { it.overdue } == list.overdue.toInt()) { "overdue on day 27" }
        val first = list.items.first { it.overdue }
        app.setChecklistDone(first.id, true)
        val after = app.checklist("2026-11-28")
        check(after.items.first { it.id == first.id }.done && after.overdue == list.overdue - 1u) { "done" }
        expectError<SafarException.InvalidInput> { app.checklist("28.11.2026") }
        expectError<SafarException.NotFound> { app.setChecklistDone("no-such-step", true) }
    }

    test("health joins TB/HIV articles with health services at home and abroad") {
        val app = freshApp("health")
        app.setProfile(profile())
        val health = app.health()
        check(health.articles.any { it.topic == "tb_hiv" }) { "${health.articles}" }
        check(health.services.any { it.country == "TJ" && "tb_hiv_care" in it.categories }) { "${health.services}" }
    }

    test("hotlines: open now in their own time zone, with sources") {
        val app = freshApp("hotlines")
        app.setProfile(profile(stage = "abroad"))
        val all = app.hotlines(HotlineFilter(country = "RU", category = null, openNow = false, at = "2026-11-28T03:00:00+03:00"))
        val emergency = all.first { it.id == "ru-emergency" }
        check(emergency.alwaysOpen && emergency.openNow) { "112 is 24/7" }
        check(emergency.numbers.first().telUri == "tel:112") { "${emergency.numbers}" }
        check(all.all { it.source.isNotBlank() && it.verifiedAt.isNotBlank() }) { "trust signals" }
        val openAt3am = app.hotlines(HotlineFilter("RU", null, true, "2026-11-28T03:00:00+03:00"))
        check(openAt3am.all { it.openNow } && openAt3am.size < all.size) { "office lines closed at 3 am" }
        check(app.home().hotlines.isNotEmpty()) { "home shows hotlines" }
        expectError<SafarException.InvalidInput> { app.hotlines(HotlineFilter("XX", null, false, null)) }
        expectError<SafarException.InvalidInput> { app.hotlines(HotlineFilter(null, "cooking", false, null)) }
        expectError<SafarException.InvalidInput> { app.hotlines(HotlineFilter(null, null, false, "tomorrow")) }
    }

    test("services near a point, sorted by distance; returnee home") {
        val app = freshApp("services")
        app.setProfile(profile(stage = "returned"))
        val near = app.services(ServiceFilter(null, null, null, false, null, "38.5771", "68.7790", "10"))
        check(near.isNotEmpty() && near.zipWithNext().all { (a, b) -> a.distanceKm!!.toDouble() <= b.distanceKm!!.toDouble() }) { "$near" }
        check(app.home().reintegration.isNotEmpty()) { "returnee home leads with reintegration services" }
        expectError<SafarException.InvalidInput> { app.services(ServiceFilter(null, null, null, false, null, "91", "0", null)) }
        expectError<SafarException.InvalidInput> { app.services(ServiceFilter(null, null, null, false, null, "abc", "0", null)) }
        expectError<SafarException.InvalidInput> { app.services(ServiceFilter(null, null, null, false, null, "38.5", null, null)) }
    }

    test("remittance: ranked by amount received, exact decimal strings, both directions") {
        val app = freshApp("remit")
        val send = app.compareRemittance(RemittanceRequest("RU", "TJ", "10000", null, null, null))
        check(send.sendCurrency == "RUB" && send.receiveCurrency == "TJS") { "$send" }
        val received = send.quotes.filter { !it.stale }.map { java.math.BigDecimal(it.receiveAmount) }
        check(received.zipWithNext().all { (a, b) -> a >= b }) { "best first: $received" }
        val receive = app.compareRemittance(RemittanceRequest("RU", "TJ", null, "1000", "wallet", null))
        check(receive.quotes.all { it.payout == "wallet" && java.math.BigDecimal(it.receiveAmount) >= java.math.BigDecimal("1000") }) { "$receive" }
        expectError<SafarException.InvalidInput> { app.compareRemittance(RemittanceRequest("RU", "TJ", "-5", null, null, null)) }
        expectError<SafarException.InvalidInput> { app.compareRemittance(RemittanceRequest("RU", "TJ", "10.001", null, null, null)) }
        expectError<SafarException.InvalidInput> { app.compareRemittance(RemittanceRequest("RU", "TJ", "1", "1", null, null)) }
        expectError<SafarException.NotFound> { app.compareRemittance(RemittanceRequest("RU", "FR", "100", null, null, null)) }
    }

    test("a cancelled sync changes nothing") {
        val app = freshApp("cancel")
        val token = CancelToken()
        token.cancel()
        check(token.isCancelled()) { "cancelled" }
        val before = app.status().seq
        expectError<SafarException.Storage> { app.sync(repoUrl, null, token) }
        check(app.status().seq == before) { "content as it was" }
        expectError<SafarException.InvalidInput> { app.sync("ftp://example.org", null, null) }
    }

    test("report offline, sync with progress while 4 threads read, report sent once") {
        val app = freshApp("sync")
        app.setProfile(profile())
        val reportId = app.reportProblem("hotline", "ru-sample-migrant-line", "no_answer", "rang 5 times")
        check(reportId.length == 32) { reportId }
        expectError<SafarException.InvalidInput> { app.reportProblem("recipe", "x", "no_answer", null) }
        expectError<SafarException.InvalidInput> { app.reportProblem("hotline", "ru-emergency", "too_loud", null) }
        val events = java.util.concurrent.atomic.AtomicInteger()
        val listener = object : SyncListener {
            override fun onProgress(bytesDone: ULong, bytesTotal: ULong, collection: String) {
                events.incrementAndGet()
            }
        }
        val stop = java.util.concurrent.atomic.AtomicBoolean(false)
        val pool = Executors.newFixedThreadPool(4)
        val readers = (1..4).map {
            pool.submit<Int> {
                var reads = 0
                while (!stop.get()) {
                    val status = app.status()
                    val en = status.collections.first { it.name == "articles/en" }
                    // Never half-applied: seq 1 has every collection at version 1, seq 2 the
                    // changed English articles at version 2.
                    check(en.version == status.seq) { "seq ${status.seq} with articles/en v${en.version}" }
                    app.article("gbv-help.en")
                    reads++
                }
                reads
            }
        }
        val summary = app.sync(repoUrl, listener, CancelToken())
        stop.set(true)
        val reads = readers.sumOf { it.get(60, TimeUnit.SECONDS) }
        pool.shutdown()
        check(summary.seq == 2uL && summary.previousSeq == 1uL && !summary.upToDate) { "$summary" }
        check("articles/en" in summary.updatedCollections && summary.bytesDownloaded > 0uL) { "$summary" }
        check(events.get() > 0) { "progress was reported" }
        check(reads > 0) { "readers ran" }
        check(summary.reportsSent == 1u) { "the offline report went out after the sync" }
        val stored = File(reportsDir, "reports.jsonl").readLines().filter { reportId in it }
        check(stored.size == 1) { "stored once by the server: $stored" }
        check(app.sendReports() == 0u) { "nothing left to send" }
        check(app.sync(repoUrl, null, null).upToDate) { "second sync: up to date" }
    }

    test("export, import on a fresh phone, wipe personal data") {
        val app = freshApp("export")
        app.setProfile(profile())
        app.setBookmark("registration-ru", true)
        val file = File(tmp, "phone.safar")
        val export = app.exportBundle(file.path)
        check(export.bytes == file.length().toULong() && export.collections > 0u) { "$export" }
        val other = freshApp("export-other")
        check(other.importBundle(file.path).upToDate) { "same content, same seq" }
        expectError<SafarException.InvalidInput> { app.exportBundle("") }
        app.wipePersonalData()
        check(!app.status().profileSet && app.bookmarks().isEmpty()) { "wiped" }
        check(app.guide(null).isNotEmpty()) { "content stays" }
    }

    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0) 0 else 1)
}
