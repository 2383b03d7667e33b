// Remittance compare: the core computes every fee, margin, total cost and amount received (exact
// decimals, as strings) and ranks the quotes; the holder only carries the request and the answer.
package org.safar.app.state

import uniffi.safar_ffi.RemittanceComparison
import uniffi.safar_ffi.RemittanceQuoteResult
import uniffi.safar_ffi.RemittanceRequest
import uniffi.safar_ffi.SafarAppInterface

data class QuoteItem(
    val provider: String,
    val product: String,
    val payout: String,
    val speed: String,
    val sendAmount: String,
    val fee: String,
    val fxMarginPercent: String,
    val totalCostPercent: String,
    val receiveAmount: String,
    /** The provider shows its fees and rate up front. */
    val transparent: Boolean,
    val quoteAgeDays: Long,
    val rateAgeDays: Long,
    val provenance: Provenance,
) {
    companion object {
        fun of(q: RemittanceQuoteResult) =
            QuoteItem(
                provider = q.provider,
                product = q.product,
                payout = q.payout,
                speed = q.speed,
                sendAmount = q.sendAmount,
                fee = q.fee,
                fxMarginPercent = q.fxMarginPercent,
                totalCostPercent = q.totalCostPercent,
                receiveAmount = q.receiveAmount,
                transparent = q.transparent,
                quoteAgeDays = q.quoteAgeDays,
                rateAgeDays = q.rateAgeDays,
                provenance = Provenance(q.source, null, Verification.of(q.status), q.quoteAgeDays, q.stale),
            )
    }
}

data class Comparison(
    val sendCurrency: String,
    val receiveCurrency: String,
    /** Best first, as the core ranked them (by the amount received). */
    val quotes: List<QuoteItem>,
    val averageCostPercent: String?,
    val smartAveragePercent: String?,
    /** SDG 10.c: the corridor costs 3% or less on average. */
    val meetsSdg3Percent: Boolean,
    val above5Percent: Boolean,
    /** Quotes left out of the averages because they are too old. */
    val staleExcluded: Int,
) {
    companion object {
        fun of(c: RemittanceComparison) =
            Comparison(
                sendCurrency = c.sendCurrency,
                receiveCurrency = c.receiveCurrency,
                quotes = c.quotes.map(QuoteItem::of),
                averageCostPercent = c.summary.averageCostPercent,
                smartAveragePercent = c.summary.smartAveragePercent,
                meetsSdg3Percent = c.summary.meetsSdg3Percent,
                above5Percent = c.summary.above5Percent,
                staleExcluded = c.summary.staleExcluded.toInt(),
            )
    }
}

val PAYOUT_METHODS = listOf("cash", "account", "wallet", "card")

/** Whether the typed amount is what is sent or what should arrive. */
enum class AmountSide { Send, Receive }

data class RemittanceState(
    /** Country codes of the corridor; prefilled from the profile (destination → origin). */
    val from: String = "",
    val to: String = "",
    /** As typed: the core parses and checks it (a bad amount comes back as an error). */
    val amount: String = "",
    val side: AmountSide = AmountSide.Send,
    val payout: String? = null,
    val comparison: Loadable<Comparison>? = null,
)

class RemittanceStateHolder(private val core: SafarAppInterface) : StateHolder<RemittanceState> {
    override var state = RemittanceState()
        private set

    /** Prefills the corridor: money goes from where the user works to where they come from. */
    fun start(): RemittanceState {
        when (val profile = load { core.profile() }) {
            is Loadable.Ready -> state = state.copy(from = profile.value.destination, to = profile.value.origin)
            is Loadable.Failed -> state = state.copy(comparison = profile)
            Loadable.Loading -> Unit
        }
        return state
    }

    fun edit(
        from: String = state.from,
        to: String = state.to,
        amount: String = state.amount,
        side: AmountSide = state.side,
        payout: String? = state.payout,
    ): RemittanceState {
        state = state.copy(from = from, to = to, amount = amount, side = side, payout = payout)
        return state
    }

    fun compare(): RemittanceState {
        val amount = state.amount.trim().ifEmpty { null }
        val request =
            RemittanceRequest(
                from = state.from,
                to = state.to,
                send = amount.takeIf { state.side == AmountSide.Send },
                receive = amount.takeIf { state.side == AmountSide.Receive },
                payout = state.payout,
                speed = null,
            )
        state = state.copy(comparison = load { Comparison.of(core.compareRemittance(request)) })
        return state
    }
}
