import org.safar.app.state.ErrorKind
import org.safar.app.state.TransferState
import org.safar.app.state.TransferStateHolder
import java.io.File

object TransferTest : Suite {
    override fun run(t: Tests) {
        t.test("importing the same content is up to date") {
            val state = TransferStateHolder(t.freshApp("transfer")).importBundle(t.bundle.path)
            check(state is TransferState.Imported && state.upToDate && state.seq == 1L) { "$state" }
        }

        t.test("a damaged bundle is rejected and nothing changes") {
            val app = t.freshApp("transfer-bad")
            val bytes = t.bundle.readBytes()
            bytes[bytes.size / 2] = (bytes[bytes.size / 2].toInt() xor 1).toByte()
            val damaged = File(t.tmp, "damaged.safar").apply { writeBytes(bytes) }
            val before = app.status().collections
            val state = TransferStateHolder(app).importBundle(damaged.path)
            check(state is TransferState.Failed && state.error.kind == ErrorKind.Rejected) { "$state" }
            check(app.status().collections == before) { "unchanged" }
        }

        t.test("an exported bundle imports on another phone") {
            val out = File(t.tmp, "export.safar").apply { delete() }
            val exported = TransferStateHolder(t.freshApp("transfer-export")).exportBundle(out.path)
            check(exported is TransferState.Exported && exported.bytes == out.length()) { "$exported" }
            check((exported as TransferState.Exported).collections > 0) { "$exported" }
            val imported = TransferStateHolder(t.freshApp("transfer-other")).importBundle(out.path)
            check(imported is TransferState.Imported && imported.upToDate) { "$imported" }
        }

        t.test("a missing file is InvalidInput") {
            val state = TransferStateHolder(t.freshApp("transfer-missing")).importBundle(File(t.tmp, "nope.safar").path)
            check(state is TransferState.Failed && state.error.kind == ErrorKind.InvalidInput) { "$state" }
        }
    }
}
