Feature: Retention and erasure of victims' and witnesses' data
  Data about victims and witnesses is kept only as long as the force's retention schedule
  allows after their case closes. Then it is reviewed and erased, from every way into the
  system, and each erasure is written to the audit log. The run records when its own test
  cases closed and asks the system to run its review; the review erases only what is due.

  Background:
    Given a case in which a victim, a witness and a suspect have been recorded, and a second case with another victim

  @FW-22 @needs-seed-case @needs-audit-log @needs-export @needs-open-record @needs-retention @needs-search
  Scenario: Victims and witnesses of a case closed longer ago than the retention period are erased, and each erasure is logged
    When the first case is recorded as closed longer ago than the system keeps victims' data
    And the second case is recorded as closed yesterday
    And the system runs its retention review
    And the system exports its records for the prosecution service in every format it offers
    Then the second victim is still found by search, by opening their record and in those exports
    And the victim and the witness of the first case are found neither by search, nor by opening their records, nor in those exports
    And the audit log records the erasure of the victim and of the witness
