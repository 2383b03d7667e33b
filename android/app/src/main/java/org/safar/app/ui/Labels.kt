// The app's own words for the codes the core uses (countries, stages, categories…). Codes the app
// does not know yet (newer content) are shown as they are rather than hidden.
package org.safar.app.ui

import androidx.annotation.PluralsRes
import androidx.annotation.StringRes
import androidx.compose.runtime.Composable
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import org.safar.app.R
import org.safar.app.state.CalloutKind
import org.safar.app.state.ErrorKind
import org.safar.app.state.Problem
import org.safar.app.state.UiError
import org.safar.app.state.Verification

private val codes: Map<String, Int> =
    mapOf(
        "TJ" to R.string.country_tj, "UZ" to R.string.country_uz, "KG" to R.string.country_kg,
        "KZ" to R.string.country_kz, "TM" to R.string.country_tm, "RU" to R.string.country_ru,
        "TR" to R.string.country_tr, "KR" to R.string.country_kr,
        "planning" to R.string.stage_planning, "abroad" to R.string.stage_abroad, "returned" to R.string.stage_returned,
        "emergency" to R.string.cat_emergency, "trafficking" to R.string.cat_trafficking, "gbv" to R.string.cat_gbv,
        "health" to R.string.cat_health, "labour_rights" to R.string.cat_labour_rights,
        "consular" to R.string.cat_consular, "migration_service" to R.string.cat_migration_service,
        "legal_aid" to R.string.cat_legal_aid, "employment" to R.string.cat_employment,
        "training" to R.string.cat_training, "psychosocial" to R.string.cat_psychosocial,
        "tb_hiv_care" to R.string.cat_tb_hiv_care, "grants" to R.string.cat_grants, "shelter" to R.string.cat_shelter,
        "before_departure" to R.string.phase_before_departure, "on_arrival" to R.string.phase_on_arrival,
        "at_work" to R.string.phase_at_work, "on_return" to R.string.phase_on_return,
        "cash" to R.string.payout_cash, "account" to R.string.payout_account, "wallet" to R.string.payout_wallet,
        "card" to R.string.payout_card,
        "minutes" to R.string.speed_minutes, "same_day" to R.string.speed_same_day, "next_day" to R.string.speed_next_day,
        "days_2_5" to R.string.speed_days_2_5, "days_6_plus" to R.string.speed_days_6_plus,
        "article" to R.string.kind_article, "hotline" to R.string.kind_hotline, "service" to R.string.kind_service,
    )

/** The label for a country, stage, category, phase, payout, speed or search kind code. */
@Composable
fun label(code: String): String = codes[code]?.let { stringResource(it) } ?: code

@StringRes
fun CalloutKind.label() =
    when (this) {
        CalloutKind.Note -> R.string.callout_note
        CalloutKind.Tip -> R.string.callout_tip
        CalloutKind.Important -> R.string.callout_important
        CalloutKind.Warning -> R.string.callout_warning
        CalloutKind.Caution -> R.string.callout_caution
    }

@StringRes
fun Problem.label() =
    when (this) {
        Problem.NoAnswer -> R.string.problem_no_answer
        Problem.Closed -> R.string.problem_closed
        Problem.WrongInfo -> R.string.problem_wrong_info
    }

@StringRes
fun Verification.label() =
    when (this) {
        Verification.Verified -> R.string.verification_verified
        Verification.Sample -> R.string.verification_sample
        Verification.Unverified, Verification.Unknown -> R.string.verification_unverified
    }

/** A headline in the user's language; the core's own message (English, precise) goes below it. */
@StringRes
fun UiError.title() =
    when (kind) {
        ErrorKind.InvalidInput -> R.string.error_invalid_input
        ErrorKind.NotFound -> R.string.error_not_found
        ErrorKind.Rejected -> R.string.error_rejected
        ErrorKind.Storage -> R.string.error_storage
        ErrorKind.Internal -> R.string.error_internal
    }

/** `2026-11-28T20:00:00+03:00` → `20:00`, the time in the record's own zone as the core gave it. */
fun clockTime(iso: String): String = iso.substringAfter('T', iso).take(5)

/** `2026-11-28T09:00:00Z` → `2026-11-28`. */
fun isoDate(iso: String): String = iso.take(10)

/** A counted phrase in the user's language's plural rules ("1 day", "2 дня", "5 дней"). */
@Composable
fun plural(@PluralsRes id: Int, count: Long): String =
    LocalContext.current.resources.getQuantityString(id, count.toInt(), count.toInt())
