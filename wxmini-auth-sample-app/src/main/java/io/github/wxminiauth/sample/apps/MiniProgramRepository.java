package io.github.wxminiauth.sample.apps;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The mini programs added at runtime.
 */
public interface MiniProgramRepository extends JpaRepository<MiniProgram, Long> {

	Optional<MiniProgram> findByAppId(String appId);

	List<MiniProgram> findAllByOrderByCreatedAtAscIdAsc();

	boolean existsByAppId(String appId);

}
