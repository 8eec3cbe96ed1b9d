package io.github.wxminiauth.autoconfigure;

import io.github.wxminiauth.token.JwsAlgorithm;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code wxmini.jwt.algorithm} names an asymmetric algorithm (ES256, RS256).
 */
final class OnAsymmetricJwtCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		JwsAlgorithm algorithm = Binder.get(context.getEnvironment())
			.bind("wxmini.jwt.algorithm", JwsAlgorithm.class)
			.orElse(JwsAlgorithm.HS256);
		return new ConditionOutcome(algorithm != JwsAlgorithm.HS256, "wxmini.jwt.algorithm is " + algorithm);
	}

}
