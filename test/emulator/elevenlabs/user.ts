import type { KeyProfile, Tier } from './config';

/**
 * Bodies of `GET /v1/user/subscription` (ExtendedSubscriptionResponseModel) and `GET /v1/user`
 * (UserResponseModel) with every field the OAS marks required (reference §1.3, §8.2). Numbers are
 * fixed per tier so tests can assert them.
 */

interface TierNumbers {
	characterLimit: number;
	voiceLimit: number;
	professionalVoiceLimit: number;
	maxCharacterLimitExtension: number | null;
	maxCreditLimitExtension: number | 'unlimited';
}

const TIER_NUMBERS: Record<Tier, TierNumbers> = {
	free: {
		characterLimit: 10_000,
		voiceLimit: 3,
		professionalVoiceLimit: 0,
		maxCharacterLimitExtension: null,
		maxCreditLimitExtension: 0,
	},
	starter: {
		characterLimit: 30_000,
		voiceLimit: 10,
		professionalVoiceLimit: 0,
		maxCharacterLimitExtension: null,
		maxCreditLimitExtension: 0,
	},
	creator: {
		characterLimit: 100_000,
		voiceLimit: 30,
		professionalVoiceLimit: 1,
		maxCharacterLimitExtension: 100_000,
		maxCreditLimitExtension: 100_000,
	},
	pro: {
		characterLimit: 500_000,
		voiceLimit: 160,
		professionalVoiceLimit: 1,
		maxCharacterLimitExtension: 500_000,
		maxCreditLimitExtension: 500_000,
	},
	scale: {
		characterLimit: 2_000_000,
		voiceLimit: 660,
		professionalVoiceLimit: 1,
		maxCharacterLimitExtension: 2_000_000,
		maxCreditLimitExtension: 2_000_000,
	},
	business: {
		characterLimit: 11_000_000,
		voiceLimit: 660,
		professionalVoiceLimit: 3,
		maxCharacterLimitExtension: 11_000_000,
		maxCreditLimitExtension: 'unlimited',
	},
	enterprise: {
		characterLimit: 50_000_000,
		voiceLimit: 1000,
		professionalVoiceLimit: 10,
		maxCharacterLimitExtension: null,
		maxCreditLimitExtension: 'unlimited',
	},
};

/** 2026-12-01T00:00:00Z: a fixed "next reset" keeps responses deterministic. */
const NEXT_RESET_UNIX = 1_796_083_200;
/** 2025-01-01T00:00:00Z */
const CREATED_AT_UNIX = 1_735_689_600;

export function subscriptionBody(profile: KeyProfile): Record<string, unknown> {
	const numbers = TIER_NUMBERS[profile.tier];
	const paid = profile.tier !== 'free';
	return {
		tier: profile.tier,
		character_count: 1234,
		character_limit: numbers.characterLimit,
		max_character_limit_extension: numbers.maxCharacterLimitExtension,
		max_credit_limit_extension: numbers.maxCreditLimitExtension,
		can_extend_character_limit: paid,
		allowed_to_extend_character_limit: paid,
		next_character_count_reset_unix: NEXT_RESET_UNIX,
		voice_slots_used: 1,
		professional_voice_slots_used: 0,
		professional_voice_slots_used_in_workspace: 0,
		voice_limit: numbers.voiceLimit,
		max_voice_add_edits: 95,
		voice_add_edit_counter: 0,
		professional_voice_limit: numbers.professionalVoiceLimit,
		can_extend_voice_limit: false,
		can_use_instant_voice_cloning: paid,
		can_use_professional_voice_cloning: numbers.professionalVoiceLimit > 0,
		currency: 'usd',
		status: paid ? 'active' : 'free',
		billing_period: 'monthly_period',
		character_refresh_period: 'monthly_period',
		current_overage: { amount: '0.00', currency: 'usd' },
		next_invoice: null,
		pending_change: null,
		open_invoices: [],
		has_open_invoices: false,
		has_used_starter_coupon_on_account: false,
		has_used_creator_coupon_on_account: false,
		is_eligible_for_starter_promo: false,
	};
}

export function userBody(profile: KeyProfile, apiKey: string): Record<string, unknown> {
	// /v1/user nests the subscription without the invoice fields (SubscriptionResponseModel).
	const subscription = subscriptionBody(profile);
	delete subscription.open_invoices;
	delete subscription.has_open_invoices;
	return {
		user_id: profile.userId,
		workspace_id: `ws_${profile.userId}`,
		subscription,
		is_new_user: false,
		can_use_delayed_payment_methods: false,
		is_onboarding_completed: true,
		is_onboarding_checklist_completed: true,
		show_compliance_terms: false,
		first_name: profile.firstName,
		is_api_key_hashed: false,
		xi_api_key_preview: `${apiKey.slice(0, 6)}...${apiKey.slice(-4)}`,
		created_at: CREATED_AT_UNIX,
		seat_type: 'workspace_admin',
	};
}
