@US4
Feature: US4 Preserve non-counted progress boundaries in docs and review artifacts
  As a maintainer, I need the package and UI standards to say exactly which runs can claim phase
  or composite progress and which cannot, so later work does not reopen fake percentages or
  broaden this slice implicitly.

  The standard read is conform's embedded docs/standards.md, or the application's own
  (`conform run --standard FILE`, or `standard:` in conform.yaml; spec 272 names
  docs/ui/tenantpilot-enterprise-ui-standards.md). An application writes it in its own words, so
  each fact is checked as a paragraph, list item or table row that holds the words saying it
  (a "|" separates words that say the same).

  Background:
    Given the written standard

  @US4-AS1 @FR-014.a @SC-005.a @fast-feedback
  Scenario: The standard names the only determinate progress source and keeps v1 non-counted
    Then the standard agrees with the registry
    And the standard says processed and total are the only determinate progress source with "processed, total, only, determinate"
    And the standard says phase and composite progress are non-counted with "phase, composite, non-counted|not counted"

  @US4-AS1 @FR-005 @FR-014.a @SC-005.a @fast-feedback
  Scenario: The standard lists the whole phase vocabulary with its operator labels
    Then the standard lists every phase label of the registry

  @US4-AS2 @FR-002 @FR-003 @FR-012.f @FR-013 @FR-014.a @FR-014.b @SC-005.b @fast-feedback
  Scenario Outline: The standard says why <family> stays where it is
    Then the standard lists "<family>" as "<claim>" in scope "<scope>"
    And the standard says why <family> stays where it is with "<why>"

    Examples:
      | family                      | claim     | scope           | why                                                   |
      | baseline_capture            | phased    | selected        | baseline capture\|baseline_capture, persist           |
      | baseline_compare            | phased    | selected        | baseline compare\|baseline_compare, persist           |
      | tenant.review.compose       | composite | selected        | tenant.review.compose\|tenant review, evidence snapshot, child-run graph |
      | provider.health_check       | activity  | deferred        | provider health, support diagnostics, deferred        |
      | support.diagnostics         | activity  | deferred        | provider health, support diagnostics, deferred        |
      | tenant.review_pack.generate | counted   | counted rollout | review pack, evidence snapshot, spec 271              |
      | evidence.snapshot.generate  | counted   | counted rollout | review pack, evidence snapshot, spec 271              |

  @US4-AS2 @SC-005.b @fast-feedback
  Scenario Outline: The standard keeps <idea> out of this slice
    Then the standard keeps "<words>" out of this slice

    Examples:
      | idea                          | words                              |
      | the workflow engine           | workflow engine                    |
      | the dashboard card            | dashboard                          |
      | the child-run graph           | child-run graph\|child_run_ids     |
      | fake percentages              | fake percentage\|percentage        |
      | new summary_counts keys       | summary_counts                     |
      | provider health progress      | provider health                    |

  @US4-AS2 @NFR-003.a @SC-005.b @fast-feedback
  Scenario: The standard keeps polling out of the hint
    Then the standard keeps "poll" out of this slice
