// Onboarding (and the profile part of settings): origin, destination, languages in order of
// preference, stage, arrival date. The core validates every field; the holder keeps the form.
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface
import uniffi.safar_ffi.UserProfile

/** Central Asian origins the content covers. */
val ORIGINS = listOf("TJ", "UZ", "KG", "KZ", "TM")

/** Destinations the content covers. */
val DESTINATIONS = listOf("RU", "KZ", "TR", "KR")

/** Content languages, each named in itself (a language picker must be readable by its speakers). */
val LANGUAGES =
    linkedMapOf(
        "ru" to "Русский",
        "uz" to "O‘zbekcha",
        "uz-Cyrl" to "Ўзбекча",
        "tg" to "Тоҷикӣ",
        "ky" to "Кыргызча",
        "kk" to "Қазақша",
        "tk" to "Türkmençe",
        "en" to "English",
    )

val STAGES = listOf("planning", "abroad", "returned")

data class ProfileForm(
    val origin: String = "",
    val destination: String = "",
    /** In order of preference: the first is read first, the others are fallbacks. */
    val languages: List<String> = emptyList(),
    val stage: String = "planning",
    /** `YYYY-MM-DD` or null. */
    val arrival: String? = null,
) {
    fun toProfile() = UserProfile(origin, destination, languages, stage, arrival)

    companion object {
        fun of(p: UserProfile) = ProfileForm(p.origin, p.destination, p.languages, p.stage, p.arrival)
    }
}

data class OnboardingState(
    val form: ProfileForm = ProfileForm(),
    /** The core's answer to the last save: null before any. */
    val error: UiError? = null,
    val saved: Boolean = false,
    val loadError: UiError? = null,
)

class OnboardingStateHolder(private val core: SafarAppInterface) : StateHolder<OnboardingState> {
    override var state = OnboardingState()
        private set

    /** Prefills the form with the saved profile (or the core's default before onboarding). */
    fun load(): OnboardingState {
        state =
            when (val p = load { core.profile() }) {
                is Loadable.Ready -> state.copy(form = ProfileForm.of(p.value), loadError = null)
                is Loadable.Failed -> state.copy(loadError = p.error)
                Loadable.Loading -> state
            }
        return state
    }

    fun edit(change: (ProfileForm) -> ProfileForm): OnboardingState {
        state = state.copy(form = change(state.form), saved = false, error = null)
        return state
    }

    /** Tapping a language adds it at the end of the preference list, or removes it. */
    fun toggleLanguage(tag: String) =
        edit { f -> f.copy(languages = if (tag in f.languages) f.languages - tag else f.languages + tag) }

    fun save(): OnboardingState {
        val error = attempt { core.setProfile(state.form.toProfile()) }
        state = state.copy(error = error, saved = error == null)
        return state
    }
}
