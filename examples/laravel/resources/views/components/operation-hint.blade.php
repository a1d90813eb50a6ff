<section class="op-hint" data-run="{{ $runId }}">
  <p class="op-hint-title">
    @if ($raw)
      <span>{!! $operation !!}</span> <span>{!! $lifecycle !!}</span>
    @else
      <span>{{ $operation }}</span> <span>{{ $lifecycle }}</span>
    @endif
  </p>
  @if ($progress !== '')
    <p class="op-hint-progress">@if ($raw){!! $progress !!}@else{{ $progress }}@endif</p>
  @endif
  @if ($countLine !== null)
    <p class="op-hint-detail">{{ $countLine }}</p>
  @endif
  @if ($hint !== '')
    <p class="op-hint-next">{{ $hint }}</p>
  @endif
  @if ($percent !== null)
    <progress max="100" value="{{ $percent }}"></progress>
  @endif
  <p class="op-hint-links">
    <a href="/admin/operations/{{ $runId }}">View operation</a>
    <a href="/admin/operations?tenant_id={{ $tenantId }}">Show all operations</a>
  </p>
</section>
