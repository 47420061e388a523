"""Listing volumes and snapshots as Cinder does: filters from the query
string, sorting, ``limit``/``marker``/``offset`` pages with a ``next``
link, and ``count`` (3.45, ``with_count=true``).

The back end answers every resource the caller may see; the filters run
here, over those dicts (minova's back ends hold few). A query parameter
Cinder would not take is refused (400) with its name, as Cinder does.
"""

import ast
import urllib.parse

from minova.api.openstack import common
from minova.api.openstack.volume import microversion
from minova import exception

# What every list takes beside its filters.
_PAGING = ('limit', 'marker', 'offset', 'sort', 'sort_key', 'sort_dir',
           'with_count', 'all_tenants', 'project_id')
_SORT_KEYS = ('created_at', 'id', 'name', 'size', 'status')


def _filters(req, filter_names):
    """``{name: value}`` of the filters a request gives; InvalidFilters
    (400) for a parameter that is neither a filter nor a paging one."""
    unknown = sorted(set(req.GET) - set(filter_names) - set(_PAGING))
    if unknown:
        raise exception.InvalidFilters(
            filters=', '.join(unknown),
            known=', '.join(sorted(filter_names + _PAGING)))
    filters = {name: req.GET[name] for name in filter_names
               if name in req.GET}
    if 'metadata' in filters:
        filters['metadata'] = _metadata_filter(filters['metadata'])
    if 'bootable' in filters:
        filters['bootable'] = common.parse_bool(filters['bootable'],
                                                'bootable')
    return filters


def _metadata_filter(value):
    """Cinder takes a Python dict's repr (openstacksdk sends str(dict))."""
    try:
        wanted = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        wanted = None
    if not isinstance(wanted, dict):
        raise exception.Invalid(reason=(
            'the metadata filter %r is not a dict, {"key": "value"}'
            % value))
    return {str(k): str(v) for k, v in wanted.items()}


def _matches(item, name, wanted):
    if name == 'metadata':
        have = item.get('metadata') or {}
        return all(have.get(k) == v for k, v in wanted.items())
    if name == 'bootable':
        return bool(item.get('bootable')) == wanted
    return str(item.get(name)) == wanted


def _scope(req, items):
    """An admin sees every project's only with ``all_tenants`` (or the
    ``project_id`` filter), as in Cinder; others see their own."""
    context = req.context
    if not context.is_admin:
        return items
    if 'project_id' in req.GET:
        return [i for i in items if i.get('project_id') ==
                req.GET['project_id']]
    if common.parse_bool(req.GET.get('all_tenants', 'false'), 'all_tenants'):
        return items
    return [i for i in items if i.get('project_id') == context.project_id]


def _sorted(req, items):
    """Cinder's order: ``sort=key:dir,...`` or ``sort_key``/``sort_dir``;
    newest first by default (the back end's order)."""
    if 'sort' in req.GET:
        keys = [part.partition(':')[::2] for part in
                req.GET['sort'].split(',') if part]
    elif 'sort_key' in req.GET or 'sort_dir' in req.GET:
        keys = [(req.GET.get('sort_key', 'created_at'),
                 req.GET.get('sort_dir', 'desc'))]
    else:
        return items
    for key, direction in reversed(keys):
        direction = direction or 'desc'
        if key not in _SORT_KEYS or direction not in ('asc', 'desc'):
            raise exception.Invalid(reason=(
                'cannot sort by %r %r: keys are %s, directions asc and desc'
                % (key, direction, ', '.join(_SORT_KEYS))))
        items = sorted(items, key=lambda i: (i.get(key) is not None,
                                             i.get(key)),
                       reverse=direction == 'desc')
    return items


def _page(req, items):
    """The page ``limit``/``marker``/``offset`` select, and whether more
    follow."""
    limit, marker = common.get_limit_and_marker(req, zero_is_max=True)
    offset = common.get_limit_and_offset(req)[1] if 'offset' in req.GET \
        else 0
    if marker is not None:
        ids = [item['id'] for item in items]
        if marker not in ids:
            raise common.marker_not_found(marker)
        items = items[ids.index(marker) + 1:]
    items = items[offset:]
    return items[:limit], len(items) > limit


def _next_link(req, collection, page):
    params = dict(req.GET)
    params.pop('offset', None)
    params['marker'] = page[-1]['id']
    params['limit'] = str(len(page))
    return [{'rel': 'next', 'href': '%s/%s?%s' % (
        req.application_url, collection, urllib.parse.urlencode(params))}]


def listed(req, items, filter_names, collection, view):
    """The answer of a list: ``{<collection>: [view(item)...]}``, with
    ``<collection>_links`` when a page is full and ``count`` when asked
    (3.45). ``collection``: ``volumes`` or ``snapshots``, the link's
    path (``.../detail`` for the detailed list)."""
    filters = _filters(req, filter_names)
    items = [i for i in _scope(req, items)
             if all(_matches(i, name, value)
                    for name, value in filters.items())]
    items = _sorted(req, items)
    page, more = _page(req, items)
    key = collection.split('/')[0]
    answer = {key: [view(item) for item in page]}
    if more and page:
        answer[key + '_links'] = _next_link(req, collection, page)
    if (req.api_version.matches(microversion.SUPPORT_COUNT_INFO) and
            common.parse_bool(req.GET.get('with_count', 'false'),
                              'with_count')):
        answer['count'] = len(items)
    return answer
