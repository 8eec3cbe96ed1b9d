package io.github.wxminiauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@link WxMiniStoreSelection} chooses Redis. Evaluated when beans are registered,
 * so that the application's own {@code RedisConnectionFactory} is already known.
 */
final class OnRedisStoreCondition extends SpringBootCondition implements ConfigurationCondition {

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		WxMiniStoreSelection selection = WxMiniStoreSelection.select(context.getEnvironment(),
				context.getBeanFactory(), context.getClassLoader());
		return new ConditionOutcome(selection.redis(), selection.reason());
	}

}
