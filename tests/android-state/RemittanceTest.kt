import org.safar.app.state.AmountSide
import org.safar.app.state.Comparison
import org.safar.app.state.ErrorKind
import org.safar.app.state.Loadable
import org.safar.app.state.RemittanceStateHolder
import org.safar.app.state.Verification
import uniffi.safar_ffi.RemittanceRequest

object RemittanceTest : Suite {
    override fun run(t: Tests) {
        t.test("the corridor is prefilled from the profile: where you work → home") {
            val holder = RemittanceStateHolder(t.freshApp("remit-prefill", profile(origin = "TJ", destination = "RU")))
            val state = holder.start()
            check(state.from == "RU" && state.to == "TJ") { "$state" }
        }

        t.test("comparison shows the core's quotes, costs and flags unchanged") {
            val app = t.freshApp("remit", profile())
            val holder = RemittanceStateHolder(app)
            holder.start()
            holder.edit(amount = "10000")
            val shown = (holder.compare().comparison as Loadable.Ready).value
            val core = Comparison.of(app.compareRemittance(RemittanceRequest("RU", "TJ", "10000", null, null, null)))
            check(shown == core) { "holder adds nothing:\n$shown\n$core" }
            check(shown.sendCurrency == "RUB" && shown.receiveCurrency == "TJS") { "$shown" }
            val allSample = shown.quotes.all { it.provenance.verification == Verification.Sample }
            check(shown.quotes.size >= 2 && allSample) { "${shown.quotes}" }
        }

        t.test("an amount to receive and a payout method are passed to the core") {
            val app = t.freshApp("remit-receive", profile())
            val holder = RemittanceStateHolder(app)
            holder.start()
            holder.edit(amount = "1000", side = AmountSide.Receive, payout = "cash")
            val shown = (holder.compare().comparison as Loadable.Ready).value
            check(shown.quotes.isNotEmpty() && shown.quotes.all { it.payout == "cash" }) { "${shown.quotes}" }
        }

        t.test("a bad amount is the core's InvalidInput") {
            val holder = RemittanceStateHolder(t.freshApp("remit-bad", profile()))
            holder.start()
            holder.edit(amount = "ten thousand")
            val failed = holder.compare().comparison as Loadable.Failed
            check(failed.error.kind == ErrorKind.InvalidInput) { "$failed" }
        }
    }
}
