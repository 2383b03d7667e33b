// JVM test runner for the Android shell's state holders (android/app/src/main/java/org/safar/app/
// state), over the real core through the generated Kotlin bindings and JNA: no mocks, a real
// SQLite file per test, the embedded sample content, real signed bundles and a real HTTP server
// on 127.0.0.1. Run by tests/android-state/run.sh, which compiles only the suites whose core calls
// the library already has and names them on the command line. Ends with "N passed, N failed".

import uniffi.safar_ffi.SafarApp
import uniffi.safar_ffi.UserProfile
import java.io.File
import kotlin.system.exitProcess

/** One screen's tests. Implemented by an `object <Name>Test`. */
interface Suite {
    fun run(t: Tests)
}

class Tests(
    /** A scratch folder for databases and files. */
    val tmp: File,
    /** The sample content as a signed `.safar` bundle (same content as the embedded default). */
    val bundle: File,
    /** A signed repository folder one update ahead of the embedded default (seq 2). */
    val updatedRepo: File,
) {
    var passed = 0
    var failed = 0

    fun test(name: String, body: () -> Unit) {
        try {
            body()
            passed++
            println("ok   $name")
        } catch (e: Throwable) {
            failed++
            println("FAIL $name: $e")
        }
    }

    /** A new database: opening it imports the embedded sample content. */
    fun freshApp(name: String, profile: UserProfile? = null): SafarApp {
        val db = File(tmp, "$name.db")
        listOf("", "-wal", "-shm").forEach { File(db.path + it).delete() }
        return SafarApp.open(db.path).also { app -> profile?.let(app::setProfile) }
    }
}

fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

fun profile(
    origin: String = "TJ",
    destination: String = "RU",
    languages: List<String> = listOf("ru"),
    stage: String = "abroad",
    arrival: String? = null,
) = UserProfile(origin, destination, languages, stage, arrival)

/** args: scratch folder, bundle, updated repository folder, then the suite names to run. */
fun main(args: Array<String>) {
    val t = Tests(File(args[0]), File(args[1]), File(args[2]))
    for (name in args.drop(3)) {
        println("== $name")
        val suite = Class.forName("${name}Test").getField("INSTANCE").get(null) as Suite
        suite.run(t)
    }
    println("${t.passed} passed, ${t.failed} failed")
    exitProcess(if (t.failed == 0) 0 else 1)
}
