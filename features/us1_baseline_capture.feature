@US1
Feature: US1 See truthful phase progress for baseline capture
  As a tenant operator, I need baseline capture to tell me which major phase is active without
  showing a fake percentage, so I can tell whether the run is still preparing, capturing
  evidence, persisting a snapshot, or truly stuck.

  Background:
    Given a tenant "Contoso" with an operator "olivia" who may view its operations

  @US1-AS1 @FR-004 @FR-006 @SC-002 @confidence
  Scenario: The runtime eligibility recheck shows a preparation phase instead of pending copy
    Given a standard baseline capture run is queued for "Contoso"
    When the capture reaches its "eligibility" boundary
    Then the progress capability is "phased"
    And the phase key is "preparing"
    And the progress label is "Checking capture eligibility"
    And the progress label is not the generic phase copy
    And the shell shows the operation "Baseline capture" as "Running"
    And the shell shows "Checking capture eligibility"
    And the shell shows no progress bar and no percentage

  @US1-AS2 @FR-006 @FR-009 @SC-002 @confidence
  Scenario: Full-content evidence capture shows a phase label and no counted bar
    Given a full-content baseline capture run is queued for "Contoso"
    When the capture reaches its "evidence capture" boundary
    And the run reports evidence-capture stats of 10 captured out of 40
    Then the progress capability is "phased"
    And the progress label is "Capturing evidence"
    And no percentage is reported
    And the shell shows the operation "Baseline capture" as "Running"
    And the shell shows "Capturing evidence"
    And the shell does not show "10 of 40"
    And the shell shows no progress bar and no percentage

  @US1-AS2 @FR-006 @FR-004 @SC-002 @confidence
  Scenario Outline: Every lifecycle boundary of a <path> capture shows its own phase
    Given a <path> baseline capture run is queued for "Contoso"
    When the capture reaches its "<boundary>" boundary
    Then the phase key is "<phase>"
    And the progress label is "<label>"
    And the run's context holds the canonical phase "<phase>"
    And the shell shows no progress bar and no percentage

    Examples:
      | path         | boundary         | phase      | label                          |
      | standard     | eligibility      | preparing  | Checking capture eligibility   |
      | standard     | snapshot         | processing | Building the baseline snapshot |
      | standard     | persistence      | persisting | Saving the baseline snapshot   |
      | standard     | finalization     | finalizing | Finishing baseline capture     |
      | full-content | evidence capture | fetching   | Capturing evidence             |

  @US1-AS2 @FR-005 @FR-006 @confidence
  Scenario Outline: A <path> capture shows only the phases its workflow really has
    Given a <path> baseline capture run is queued for "Contoso"
    When the capture runs through every boundary
    Then the phases shown were "<phases>"

    Examples:
      | path         | phases                                                  |
      | standard     | preparing, processing, persisting, finalizing           |
      | full-content | preparing, processing, fetching, persisting, finalizing |

  @US1-AS3 @FR-011 @SC-002 @confidence
  Scenario Outline: A capture that <ending> drops active phase treatment
    Given a full-content baseline capture run is queued for "Contoso"
    And the capture reaches its "evidence capture" boundary
    When the run <ending>
    Then the run gets no active progress treatment
    And the lifecycle is "completed"
    And the shell shows "<outcome>"
    And the shell does not show "Capturing evidence"
    And the shell shows no progress bar and no percentage

    Examples:
      | ending    | outcome   |
      | is blocked | Blocked   |
      | fails      | Failed    |
      | completes  | Completed |
