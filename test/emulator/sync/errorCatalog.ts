/**
 * Sync Labs error catalog as served by `GET /v2/errors` (2026 catalog order, then older or
 * endpoint-specific codes the emulator can emit). Messages and suggestions are the emulator's own
 * wording; only the codes are the contract.
 */
export const errorCatalog: ReadonlyArray<{ code: string; message: string; suggestion: string }> = [
	entry(
		'generation_unsupported_model',
		'The requested model is not supported for this input.',
		'Use one of the models listed by GET /v2/models; image inputs need sync-3.',
	),
	entry(
		'generation_pipeline_failed',
		'The generation pipeline failed.',
		'Retry the generation; contact support if it keeps failing.',
	),
	entry(
		'generation_unknown_error',
		'An unknown error occurred during generation.',
		'Retry the generation.',
	),
	entry(
		'generation_input_validation_failed',
		'The generation input is invalid.',
		'Check the request body against the API reference.',
	),
	entry('generation_infra_storage_error', 'A storage error occurred.', 'Retry later.'),
	entry(
		'generation_infra_resource_exhausted',
		'Processing resources are exhausted.',
		'Retry later.',
	),
	entry(
		'generation_infra_service_unavailable',
		'A processing service is unavailable.',
		'Retry later.',
	),
	entry(
		'generation_input_video_inaccessible',
		'The input video could not be downloaded.',
		'Make sure the video URL is public and reachable.',
	),
	entry(
		'generation_input_audio_inaccessible',
		'The input audio could not be downloaded.',
		'Make sure the audio URL is public and reachable.',
	),
	entry(
		'generation_input_image_inaccessible',
		'The input image could not be downloaded.',
		'Make sure the image URL is public and reachable.',
	),
	entry(
		'generation_input_video_invalid',
		'The input video could not be decoded.',
		'Use an MP4 (H.264) or another supported format.',
	),
	entry(
		'generation_input_audio_invalid',
		'The input audio is invalid or contains no usable speech.',
		'Provide audio (or a video) with audible speech in a supported format.',
	),
	entry(
		'generation_input_segments_invalid',
		'The segments are invalid.',
		'Give every voice input a unique refId and keep startTime <= endTime.',
	),
	entry(
		'generation_input_trim_invalid',
		'The trim range is invalid.',
		'Check the start and end times.',
	),
	entry(
		'generation_input_face_selection_invalid',
		'The face selection is invalid.',
		'Check active_speaker_detection coordinates and frame_number.',
	),
	entry(
		'generation_input_resolution_unsupported',
		'The input resolution is not supported.',
		'Use a video of at most 4096x2160.',
	),
	entry(
		'generation_input_duration_greater_than_max_duration',
		'The input is longer than the maximum duration.',
		'Shorten the input.',
	),
	entry(
		'generation_model_duration_exceeded',
		'The input is longer than the model allows.',
		'Shorten the input or choose another model.',
	),
	entry(
		'generation_plan_duration_exceeded',
		'The generation is longer than your plan allows.',
		'Shorten the input or upgrade your plan.',
	),
	entry(
		'dubbing_duration_exceeded',
		'The video is longer than dubbing allows.',
		'Shorten the video before dubbing.',
	),
	entry(
		'free_tier_generations_exhausted',
		'Your free generations are used up.',
		'Upgrade to a paid plan.',
	),
	entry(
		'plan_feature_unavailable',
		'This feature is not available on your plan.',
		'Upgrade your plan.',
	),
	entry('account_payment_required', 'Payment is required.', 'Update your billing details.'),
	entry('account_on_hold', 'Your account is on hold.', 'Contact support.'),
	entry(
		'voice_clone_limit_reached',
		'The voice clone limit is reached.',
		'Delete unused voices or upgrade.',
	),
	entry(
		'elevenlabs_quota_exceeded',
		'The ElevenLabs quota is exceeded.',
		'Check your ElevenLabs plan.',
	),
	entry(
		'generation_input_asset_type_mismatch',
		'The asset type does not match the input type.',
		'Reference a VIDEO asset from a video input, an AUDIO asset from an audio input and an IMAGE asset from an image input.',
	),
	entry(
		'generation_input_too_many_visual',
		'Only one visual input (video or image) is allowed.',
		'Send exactly one video or image input.',
	),
	entry(
		'generation_input_dub_audio_conflict',
		'Audio or text inputs cannot be combined with dubParams.',
		'Remove the audio/text inputs when dubbing; the audio is taken from the video.',
	),
	entry(
		'concurrency_limit_reached',
		'Concurrency limit reached.',
		'Wait for running generations to finish or upgrade your plan.',
	),
	entry('rate_limit_exceeded', 'Rate limit exceeded.', 'Slow down and retry later.'),
	entry(
		'generation_not_deletable_while_processing',
		'The generation cannot be deleted while it is processing.',
		'Wait until it is COMPLETED, FAILED or REJECTED.',
	),
	entry(
		'invalid_generation_id',
		'The generation id is invalid.',
		'Use the id returned by POST /v2/generate.',
	),
	entry(
		'unsupported_generation_id_format',
		'The generation id format is not supported.',
		'Use a UUID.',
	),
	entry(
		'generation_not_found',
		'Generation not found.',
		'Check the id and that it belongs to your organization.',
	),
	entry(
		'generation_conflict',
		'The generation is in a conflicting state.',
		'Retry after it reaches a terminal state.',
	),
	entry(
		'generation_media_probe_timeout',
		'Probing the input media timed out.',
		'Retry, or use smaller or faster-to-download files.',
	),
	entry('generation_media_probe_unavailable', 'Media probing is unavailable.', 'Retry later.'),
	entry('controller_timeout', 'The controller timed out.', 'Retry later.'),
	entry('controller_unavailable', 'The controller is unavailable.', 'Retry later.'),
	entry('controller_dependency_error', 'A controller dependency failed.', 'Retry later.'),
	entry('internal_error', 'Internal server error.', 'Retry later.'),
	entry('project_not_found', 'Project not found.', 'Use a project id of your organization.'),
	entry('asset_not_found', 'Asset not found.', 'Check the asset id.'),
	entry('asset_forbidden', 'You cannot access this asset.', 'Use an asset of your organization.'),
	entry(
		'invalid_asset_id_format',
		'The asset id is not a valid UUID.',
		'Use the id returned by POST /v2/assets.',
	),
	entry(
		'uploaded_file_not_found',
		'The uploaded file was not found.',
		'PUT the bytes to uploadUrl before registering the asset.',
	),
	entry(
		'file_not_in_org_storage',
		'The file is not in your organization storage.',
		'Upload it through POST /v2/assets/upload first.',
	),
	entry(
		'file_size_exceeds_plan_limit',
		'The file is larger than your plan allows.',
		'Use a smaller file or upgrade.',
	),
	entry('voice_not_found', 'Voice not found.', 'Check the voice id.'),
	entry('voice_sample_not_accessible', 'The voice sample is not accessible.', 'Use a public URL.'),
	entry(
		'voice_sample_type_unsupported',
		'The voice sample type is not supported.',
		'Use an audio file.',
	),
	entry('voice_sample_upload_required', 'A voice sample upload is required.', 'Upload a sample.'),
	entry(
		'voice_sample_extraction_failed',
		'The voice sample could not be extracted.',
		'Use a clearer sample.',
	),
	entry(
		'voice_sample_source_too_large',
		'The voice sample source is too large.',
		'Use a smaller file.',
	),
	entry('voice_sample_too_short', 'The voice sample is too short.', 'Use a longer sample.'),
	entry('voice_sample_invalid', 'The voice sample is invalid.', 'Use another sample.'),
	entry('voice_name_conflict', 'A voice with this name exists.', 'Choose another name.'),
	entry('voice_clone_busy', 'Voice cloning is busy.', 'Retry later.'),
	entry(
		'elevenlabs_api_key_invalid',
		'The ElevenLabs API key is invalid.',
		'Check the ElevenLabs key.',
	),
	entry('elevenlabs_service_unavailable', 'ElevenLabs is unavailable.', 'Retry later.'),
	entry('usage_dependency_unavailable', 'Usage tracking is unavailable.', 'Retry later.'),
	// Older or endpoint-specific codes (docs 2025, guides) that the emulator can also emit.
	entry(
		'generation_video_missing',
		'A video (or image) input is required.',
		'Add one video or image input.',
	),
	entry(
		'generation_audio_missing',
		'An audio or text input (or dubParams) is required.',
		'Add an audio or text input, or dubParams.',
	),
	entry(
		'generation_text_length_exceeded',
		'The text script is too long.',
		'Keep the script under 5000 characters.',
	),
	entry('cost_estimate_unavailable', 'No cost estimate is available.', 'Check duration and fps.'),
	entry('batch_not_found', 'Batch not found.', 'Check the batch id.'),
	entry(
		'INVALID_IDEMPOTENCY_KEY',
		'The Idempotency-Key header is invalid.',
		'Send exactly one key of 1-128 characters from [A-Za-z0-9._~-].',
	),
	entry(
		'IDEMPOTENCY_KEY_REUSED',
		'The Idempotency-Key was already used with a different request body.',
		'Use a new key for a different request.',
	),
	entry(
		'IDEMPOTENCY_OUTCOME_UNKNOWN',
		'The outcome of the original request is unknown.',
		'Retry with the same key later.',
	),
];

function entry(code: string, message: string, suggestion: string) {
	return { code, message, suggestion };
}

const catalogByCode = new Map(errorCatalog.map((e) => [e.code, e]));

export function catalogEntry(code: string): { message: string; suggestion: string } {
	return catalogByCode.get(code) ?? { message: code.replace(/_/g, ' '), suggestion: '' };
}
