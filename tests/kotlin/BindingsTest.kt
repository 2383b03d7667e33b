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

    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0) 0 else 1)
}
