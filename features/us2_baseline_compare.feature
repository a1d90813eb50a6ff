@US2
Feature: US2 See truthful phase progress for baseline compare
  As a tenant operator, I need baseline compare to expose which major phase is active, so I can
  distinguish scope preparation, evidence capture, compare execution, and finalization without
  guessing from a generic running label.

  Background:
    Given a tenant "Contoso" with an operator "olivia" who may view its operations

  @US2-AS1 @FR-007 @SC-002 @confidence
  Scenario Outline: Evidence capture or resume work shows a phase label, not composite or counted copy
    Given a full-content baseline compare run is queued for "Contoso"
    When the compare reaches its "<boundary>" boundary
    Then the progress capability is "phased"
    And the phase key is "fetching"
    And the progress label is "Capturing evidence"
    And the progress label is not the generic composite copy
    And no percentage is reported
    And the run's context holds the canonical phase "fetching"
    And the shell shows the operation "Baseline compare" as "Running"
    And the shell shows "Capturing evidence"
    And the shell shows no progress bar and no percentage

    Examples:
      | boundary         |
      | evidence capture |
      | resume           |

  @US2-AS1 @FR-007 @FR-004 @confidence
  Scenario: Resume work keeps its checkpoint for diagnostics but never shows it
    Given a full-content baseline compare run is queued for "Contoso"
    When the compare reaches its "resume" boundary
    Then the run's context holds a resume checkpoint
    And the shell does not show the resume checkpoint
    And the shell does not show "checkpoint"
    And the shell shows "Capturing evidence"
    When the compare reaches its "drift evaluation" boundary
    Then the run's context holds a resume checkpoint
    And the shell does not show the resume checkpoint
    And the shell shows "Comparing with the baseline"

  @US2-AS2 @FR-007 @FR-009 @SC-002 @confidence
  Scenario Outline: Compare execution moving through <boundary> shows the current phase and stays non-counted
    Given a standard baseline compare run is queued for "Contoso"
    And the run's summary counts are processed 3 of total 12
    When the compare reaches its "<boundary>" boundary
    Then the progress capability is "phased"
    And the phase key is "<phase>"
    And the progress label is "<label>"
    And no percentage is reported
    And the run's context holds the canonical phase "<phase>"
    And the shell shows the operation "Baseline compare" as "Running"
    And the shell shows "<label>"
    And the shell does not show "3 of 12"
    And the shell shows no progress bar and no percentage

    Examples:
      | boundary       | phase      | label                       |
      | coverage       | preparing  | Checking compare coverage   |
      | drift evaluation | processing | Comparing with the baseline |
      | persistence    | persisting | Saving compare results      |
      | finalization   | finalizing | Finishing baseline compare  |

  @US2-AS2 @FR-005 @FR-007 @confidence
  Scenario Outline: A <path> compare shows only the phases its workflow really has
    Given a <path> baseline compare run is queued for "Contoso"
    When the compare runs through every boundary
    Then the phases shown were "<phases>"

    Examples:
      | path         | phases                                                  |
      | standard     | preparing, processing, persisting, finalizing           |
      | full-content | preparing, fetching, processing, persisting, finalizing |

  @US2-AS3.a @FR-011 @SC-002 @confidence
  Scenario Outline: A compare that <ending> drops active phase treatment
    Given a full-content baseline compare run is queued for "Contoso"
    And the compare reaches its "drift evaluation" boundary
    When the run <ending>
    Then the run gets no active progress treatment
    And the lifecycle is "completed"
    And the shell shows the operation "Baseline compare" as "<outcome>"
    And the shell does not show "Comparing with the baseline"
    And the shell shows no progress bar and no percentage
    And the run's context holds the canonical phase "processing"

    Examples:
      | ending               | outcome             |
      | partially succeeds   | Partially succeeded |
      | is blocked           | Blocked             |
      | fails                | Failed              |

  @US2-AS3.b @EC-3 @fast-feedback
  Scenario Outline: A <outcome> compare shows its outcome, never its artifact truth
    Given a baseline compare run for "Contoso" with status "completed" and outcome "<status>" whose context is {"progress": {"phase": {"key": "persisting"}}, "baseline_compare": {"artifact": {"truth": "<truth>", "snapshot": "snap-77812", "findings": 41, "coverage": "partial evidence"}}}
    Then the run gets no active progress treatment
    And the shell shows the operation "Baseline compare" as "<outcome>"
    And the shell shows nothing of the run's artifact truth

    Examples:
      | status              | outcome             | truth      |
      | partially_succeeded | Partially succeeded | complete   |
      | blocked             | Blocked             | incomplete |
      | failed              | Failed              | usable     |
      | succeeded           | Completed           | stale      |
