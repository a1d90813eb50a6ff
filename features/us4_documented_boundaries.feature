@US4 @FR-014 @SC-005
Feature: US4 Preserve non-counted progress boundaries in docs and review artifacts
  As a maintainer, I need the package and UI standards to say exactly which runs can claim phase
  or composite progress and which cannot, so later work does not reopen fake percentages or
  broaden this slice implicitly.

  Background:
    Given the written standard

  @US4-AS1 @fast-feedback
  Scenario: The standard names the only determinate progress source and keeps v1 non-counted
    Then the standard agrees with the reference contract
    And the standard states "summary_counts.processed and summary_counts.total remain the only determinate progress source"
    And the standard states "Phase and composite progress are explicitly non-counted"
    And the standard states "floor(100 * processed / total)"

  @US4-AS1 @FR-005 @fast-feedback
  Scenario: The standard lists the whole phase vocabulary with its operator labels
    Then the standard lists every phase label of the reference contract

  @US4-AS2 @FR-002 @FR-003 @FR-012 @FR-013 @fast-feedback
  Scenario Outline: The standard says why <family> stays where it is
    Then the standard lists "<family>" as "<claim>" in scope "<scope>"
    And the standard explains "<why>"

    Examples:
      | family                      | claim     | scope           | why                                                          |
      | baseline_capture            | phased    | selected        | Persists eligibility, snapshot and evidence-capture boundaries |
      | baseline_compare            | phased    | selected        | Persists coverage, evidence-capture, resume and compare boundaries |
      | tenant.review.compose       | composite | selected        | no child-run graph                                           |
      | provider.health_check       | activity  | deferred        | Provider health and support diagnostics are deferred         |
      | support.diagnostics         | activity  | deferred        | Provider health and support diagnostics are deferred         |
      | tenant.review_pack.generate | counted   | counted rollout | Review packs and evidence snapshots belong to spec 271       |
      | evidence.snapshot.generate  | counted   | counted rollout | Review packs and evidence snapshots belong to spec 271       |

  @US4-AS2 @fast-feedback
  Scenario Outline: The standard keeps <idea> out of this slice
    Then the standard states "<non-goal>"

    Examples:
      | idea                 | non-goal                                                           |
      | the workflow engine  | No full workflow engine, tray redesign or AI-generated progress explanation |
      | the dashboard card   | No new top-level monitoring page and no tenant dashboard card      |
      | the child-run graph  | No child-run graph persistence                                     |
      | fake percentages     | No fake percentages, no new summary_counts keys                    |
